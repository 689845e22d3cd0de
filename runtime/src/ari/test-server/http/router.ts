import type { AsteriskCore } from "../core/asterisk.js";
import type { AriResponse } from "./ari-response.js";
import type { RequestParams } from "./request-params.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type RouteHandler = (params: RequestParams, core: AsteriskCore) => AriResponse;

interface Route {
  method: HttpMethod;
  segments: string[];
  handler: RouteHandler;
}

export type RouteMatch = { kind: "found"; handler: RouteHandler; path: Record<string, string> } | { kind: "no-method" } | { kind: "no-path" };

/**
 * ARI routes below `/ari`, written as in the API docs (`/channels/{channelId}/play`). A literal
 * segment wins over a parameter, so `/channels/create` is not taken for a channel id.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: HttpMethod, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split("/").filter(Boolean).map((part) => decodeURIComponent(part));
    let best: { route: Route; literals: number; params: Record<string, string> } | undefined;
    let pathFound = false;

    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);

      if (!params) continue;
      pathFound = true;
      if (route.method !== method) continue;

      const literals = route.segments.filter((segment) => !segment.startsWith("{")).length;

      if (!best || literals > best.literals) best = { route, literals, params };
    }
    if (best) return { kind: "found", handler: best.route.handler, path: best.params };
    return pathFound ? { kind: "no-method" } : { kind: "no-path" };
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;

  const params: Record<string, string> = {};

  for (const [index, segment] of segments.entries()) {
    if (segment.startsWith("{")) params[segment.slice(1, -1)] = parts[index];
    else if (segment !== parts[index]) return undefined;
  }
  return params;
}
