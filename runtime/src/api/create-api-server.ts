import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

import type { CallflowDatabase, ScryptParameters } from "@callflow/db";
import { silentLogger, type Logger, type NodeRegistry, type NodeSpec } from "@callflow/sdk";

import { ApiError } from "./api-error.js";
import { formatApiMessage } from "./api-messages.js";
import type { ApiServices, TelephonyConnectionState } from "./api-services.js";
import { localeFromAcceptLanguage } from "./accept-language.js";
import { executeRoute, type RequestState } from "./execute-route.js";
import { sendJson } from "./http-json.js";
import type { ApiRoute } from "./route.js";
import { Router } from "./router.js";
import { apiRoutes } from "./routes/api-routes.js";
import { toApiError } from "./to-api-error.js";

/** The port the runtime service's API listens on unless configured otherwise. */
export const DEFAULT_API_PORT = 4000;

/** Options of {@link createApiServer}. */
export interface ApiServerOptions {
  db: CallflowDatabase;
  /** Node types for the catalogue and the compiler; the runtime passes its full registry. */
  registry: NodeRegistry<{ spec: NodeSpec<any, any> }>;
  /** Receives request failures and, at debug level, every request. Default: silent. */
  logger?: Logger;
  /** Returns the states of the telephony connections for `GET /api/health`. Default: none. */
  telephony?: () => readonly TelephonyConnectionState[];
  /** Largest accepted request body in bytes. Default 2 MiB, room for a flow of several thousand nodes. */
  maxBodyBytes?: number;
  /** Lifetime of a session from sign-in, in milliseconds. Default 12 hours. */
  sessionTtlMs?: number;
  /** Milliseconds after which the health check counts the database as down. Default 2,000. */
  healthTimeoutMs?: number;
  /** Clock of session expiry. Default: the system clock. */
  now?: () => Date;
  /** Cost of the password hashes that user routes write. Default: DEFAULT_SCRYPT_PARAMETERS. */
  scryptParameters?: ScryptParameters;
  /**
   * Routes of the service besides the built-in ones, defined with tenantRoute, platformRoute and
   * the other builders of route.ts. They get the same authentication, errors and OpenAPI entry.
   */
  extraRoutes?: readonly ApiRoute[];
}

/**
 * Creates the HTTP server of the runtime service's API; the caller listens on it, by default on
 * {@link DEFAULT_API_PORT}. Every route is under `/api`, responds with JSON, and reports errors as
 * `{ error: { code, message, details? } }` with the message in the caller's interface locale.
 *
 * @example
 * const server = createApiServer({ db, registry: createNodeRegistry(), logger });
 * server.listen(DEFAULT_API_PORT, "127.0.0.1");
 */
export function createApiServer(options: ApiServerOptions): Server {
  const services: ApiServices = {
    db: options.db,
    registry: options.registry,
    logger: options.logger ?? silentLogger,
    telephony: options.telephony ?? (() => []),
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    sessionTtlMs: options.sessionTtlMs ?? 12 * 60 * 60 * 1000,
    healthTimeoutMs: options.healthTimeoutMs ?? 2000,
    now: options.now ?? (() => new Date()),
    scryptParameters: options.scryptParameters,
  };
  const router = new Router(apiRoutes(options.extraRoutes));

  const server = createServer((request, response) => {
    void handleRequest(router, services, request, response);
  });

  // WebSocket upgrades go to the GET route of the path when it takes upgrades; others get 404.
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = router.match("GET", new URL(request.url ?? "/", "http://api.invalid").pathname);

    if (!match || !("route" in match) || !match.route.upgrade) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    match.route.upgrade(request, socket, head);
  });
  return server;
}

async function handleRequest(router: Router, services: ApiServices, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const requestId = randomUUID();
  const method = request.method ?? "GET";
  const url = new URL(request.url ?? "/", "http://api.invalid");
  const requestedLocale = localeFromAcceptLanguage(request.headers["accept-language"]);
  const state: RequestState = { locale: requestedLocale ?? "en", requestedLocale };
  const log = services.logger.child({ requestId, method, path: url.pathname });
  let status: number;

  try {
    const match = router.match(method, url.pathname);

    if (match === undefined) {
      throw new ApiError(404, "route-not-found", { method, path: url.pathname });
    }
    if ("allowed" in match) {
      throw new ApiError(405, "method-not-allowed", { method, path: url.pathname, allowed: match.allowed.join(", ") }, { allowed: match.allowed });
    }

    const result = await executeRoute(match.route, match.params, url, { locale: state.locale, requestId, log, request, services }, state);
    status = result.status ?? 200;
    if (result.binary) {
      response.writeHead(status, { "content-type": result.binary.contentType, "content-length": String(result.binary.data.length), "x-request-id": requestId, ...result.headers }).end(result.binary.data);
    } else {
      // A Buffer body, such as a prompt's audio file, is sent as it is, with the route's content type.
    if (Buffer.isBuffer(result.body)) {
      response.writeHead(status, { "content-length": String(result.body.length), "cache-control": "no-store", "x-request-id": requestId, ...result.headers }).end(result.body);
    } else {
      sendJson(response, status, result.body ?? null, { "x-request-id": requestId, ...result.headers });
    }
    }
  } catch (error) {
    status = sendError(response, error, state, requestId, log);
  }
  log.debug({ status, durationMs: Math.round(performance.now() - started) }, "api request handled");
}

function sendError(response: ServerResponse, error: unknown, state: RequestState, requestId: string, log: Logger): number {
  const apiError = toApiError(error) ?? new ApiError(500, "internal-error", { requestId });
  const headers: Record<string, string> = { "x-request-id": requestId };
  const details = apiError.details as { allowed?: string[] } | undefined;

  if (apiError.status >= 500) {
    log.error({ err: error, code: apiError.code }, "api request failed");
  }
  if (apiError.code === "method-not-allowed" && details?.allowed) {
    headers.allow = details.allowed.join(", ");
  }
  // The rest of an oversized body is never read, so the connection cannot carry another request.
  if (apiError.code === "body-too-large") {
    headers.connection = "close";
  }
  if (response.headersSent) {
    response.destroy();
    return apiError.status;
  }

  const message = formatApiMessage(apiError.code, state.locale, apiError.paramsFor(state.locale));
  sendJson(response, apiError.status, { error: { code: apiError.code, message, ...(apiError.details === undefined ? {} : { details: apiError.details }) } }, headers);
  return apiError.status;
}
