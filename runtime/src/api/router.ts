import type { ApiRoute, HttpMethod } from "./route.js";

/** The outcome of matching a request: a route with its raw parameters, or the allowed methods. */
export type RouteMatch = { route: ApiRoute; params: Record<string, string> } | { allowed: HttpMethod[] } | undefined;

interface CompiledRoute {
  route: ApiRoute;
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

/** Matches request paths against route paths with `:name` parameters. */
export class Router {
  readonly routes: readonly ApiRoute[];
  readonly #compiled: CompiledRoute[];

  constructor(routes: readonly ApiRoute[]) {
    const seen = new Set<string>();

    for (const route of routes) {
      const key = `${route.method} ${route.path}`;

      if (seen.has(key)) {
        throw new Error(`route ${key} is defined twice; remove one of them`);
      }
      seen.add(key);
    }
    this.routes = routes;
    this.#compiled = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  }

  /** Returns the route for `method` and `pathname`, the methods the path allows, or undefined. */
  match(method: string, pathname: string): RouteMatch {
    const segments = splitPath(pathname);
    const allowed: HttpMethod[] = [];

    for (const candidate of this.#compiled) {
      const params = matchSegments(candidate.segments, segments);

      if (!params) {
        continue;
      }
      if (candidate.route.method === method) {
        return { route: candidate.route, params };
      }
      allowed.push(candidate.route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) {
    return undefined;
  }

  const params: Record<string, string> = {};

  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index];

    if (expected.startsWith(":")) {
      const value = decodeSegment(actual[index]);

      if (value === undefined) {
        return undefined;
      }
      params[expected.slice(1)] = value;
    } else if (expected !== actual[index]) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed percent-escape names no resource, so the path matches no route.
    return undefined;
  }
}
