import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

import type { PlatformPermission, PlatformScope, PlatformSession, TenantPermission, TenantScope, TenantSession } from "@callflow/db";
import type { InterfaceLocale, Logger } from "@callflow/sdk";
import type { z } from "zod";

import type { ApiServices } from "./api-services.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Access rule of a route: anyone, anyone signed in, a tenant's user with a tenant permission, or
 * a platform user with a platform permission.
 */
export type RouteAccess =
  | { kind: "public" }
  | { kind: "signed-in" }
  | { kind: "tenant"; permission: TenantPermission }
  | { kind: "platform"; permission: PlatformPermission };

/** The signed-in caller and the transaction the route runs in. */
export type Auth =
  | {
      kind: "tenant";
      session: TenantSession;
      scope: TenantScope;
      tokenHash: Buffer;
      /** The platform user working in the tenant they chose; the session's user is then their delegate. */
      platformUser?: { id: string; login: string };
    }
  | { kind: "platform"; session: PlatformSession; platform: PlatformScope; tokenHash: Buffer };

/** Input of every handler: the parsed request and the server's services. */
export interface RouteContext<Params = unknown, Query = unknown, Body = unknown> {
  params: Params;
  query: Query;
  body: Body;
  /** Interface locale of the caller: the user's own, else Accept-Language, else the tenant's. */
  locale: InterfaceLocale;
  requestId: string;
  log: Logger;
  request: IncomingMessage;
  services: ApiServices;
}

/** Output of a handler. Status defaults to 200. */
export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bytes sent as they are instead of a JSON body, such as WAV audio. */
  binary?: { contentType: string; data: Buffer };
}

/** A documented response of a route, for the OpenAPI document. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

/** A route as the router, the executor and the OpenAPI builder see it. */
export interface ApiRoute {
  method: HttpMethod;
  /** Path with `:name` parameters, such as `/api/flows/:flowId`. */
  path: string;
  operationId: string;
  summary: string;
  /** Longer text for the OpenAPI document, such as the messages of a WebSocket protocol. */
  description?: string;
  tag: string;
  access: RouteAccess;
  /** Path parameters. A value that fails the schema gets 404, since no resource has that id. */
  params?: z.ZodType;
  /** Kind of thing the path parameters name, for the message of that 404, such as `flow`. Default `resource`. */
  entity?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, RouteResponse>;
  /** Error statuses besides those that access, parameters and body imply. */
  errors?: number[];
  handle(context: RouteContext & { auth?: Auth }): Promise<RouteResult>;
  /**
   * Takes over the socket of a WebSocket upgrade request to a GET route's path. The route's
   * `handle` still answers plain HTTP requests to the path.
   */
  upgrade?(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

interface RouteInput<P, Q, B> extends Omit<ApiRoute, "access" | "handle" | "params" | "query" | "body"> {
  params?: P;
  query?: Q;
  body?: B;
}

type Handler<P, Q, B, A> = (context: RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>> & A) => Promise<RouteResult>;

// The executor parses params, query and body with the route's own schemas and sets `auth` to
// the kind that `access` names before calling `handle`, which makes these casts sound.
function erase<P, Q, B, A>(input: RouteInput<P, Q, B>, access: RouteAccess, handle: Handler<P, Q, B, A>): ApiRoute {
  return { ...input, access, handle: handle as unknown as ApiRoute["handle"] } as ApiRoute;
}

/** Defines a route that anyone may call. */
export function publicRoute<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  input: RouteInput<P, Q, B>,
  handle: Handler<P, Q, B, object>,
): ApiRoute {
  return erase(input, { kind: "public" }, handle);
}

/** Defines a route for any signed-in user, of a tenant or of the platform. */
export function signedInRoute<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  input: RouteInput<P, Q, B>,
  handle: Handler<P, Q, B, { auth: Auth }>,
): ApiRoute {
  return erase(input, { kind: "signed-in" }, handle);
}

/**
 * Defines a route for a tenant's users with `permission`; it runs in the tenant's transaction.
 *
 * NOTE: the handler keeps a pooled connection and an open transaction until it returns, so work
 * that waits for long, such as a simulated call, should run in a transaction of its own.
 */
export function tenantRoute<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  permission: TenantPermission,
  input: RouteInput<P, Q, B>,
  handle: Handler<P, Q, B, { auth: Extract<Auth, { kind: "tenant" }> }>,
): ApiRoute {
  return erase(input, { kind: "tenant", permission }, handle);
}

/** Defines a route for platform users with `permission`; it runs in an audited platform transaction. */
export function platformRoute<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  permission: PlatformPermission,
  input: RouteInput<P, Q, B>,
  handle: Handler<P, Q, B, { auth: Extract<Auth, { kind: "platform" }> }>,
): ApiRoute {
  return erase(input, { kind: "platform", permission }, handle);
}
