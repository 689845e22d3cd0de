import type { IncomingMessage } from "node:http";

import { findTenantSession, type CallflowDatabase } from "@callflow/db";
import { silentLogger, type InterfaceLocale, type Logger } from "@callflow/sdk";
import { WebSocketServer, type RawData, type WebSocket } from "ws";

import { localeFromAcceptLanguage } from "../api/accept-language.js";
import { ApiError } from "../api/api-error.js";
import { formatApiMessage } from "../api/api-messages.js";
import { publicRoute, type ApiRoute } from "../api/route.js";
import { parseBearerToken } from "../api/session-token.js";
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from "../store/test-call-socket.js";
import type { AcdEngineLookup } from "./acd-routes.js";
import type { AcdEvent } from "./acd-events.js";
import { viewCentre } from "./acd-snapshot.js";

const SOCKET_PATH = "/api/acd/events";
/** Close code when the tenant's ACD does not run on this server or stops. */
export const CLOSE_ACD_UNAVAILABLE = 4503;

/** Settings of the ACD event socket. */
export interface AcdEventSocketSettings {
  db: CallflowDatabase;
  engines: AcdEngineLookup;
  logger?: Logger;
  /** Milliseconds a connection without an Authorization header has to send its `auth` message. Default 10,000. */
  authTimeoutMs?: number;
}

const PROTOCOL = `Upgrade to a WebSocket; every frame is one JSON object in a text frame. Sign in with the
Authorization header (Bearer) of the upgrade request, or send {"type":"auth","token":"..."} first.
The user needs queues.monitor. The server then sends {"type":"centre","queues":[...],"agents":[...]}
and, for every change of a queue, call or agent state, {"type":"event","event":{...}} in order.
Errors come as {"type":"error","code","message"}; the socket then closes.`;

/**
 * Builds `GET /api/acd/events`: the live stream of a tenant's ACD for the supervisor's view.
 * Plain HTTP requests to the path get 426.
 */
export function acdEventSocketRoutes(settings: AcdEventSocketSettings): ApiRoute[] {
  const server = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const route = publicRoute(
    {
      method: "GET",
      path: SOCKET_PATH,
      operationId: "acdEventSocket",
      summary: "WebSocket of a tenant's ACD: the queues and agents, then every event live",
      description: PROTOCOL,
      tag: "acd",
      responses: { 101: { description: "Switching to the WebSocket protocol." } },
      errors: [426],
    },
    async () => {
      throw new ApiError(426, "upgrade-required", { path: SOCKET_PATH });
    },
  );

  return [{ ...route, upgrade: (request, socket, head) => server.handleUpgrade(request, socket, head, (ws) => watch(settings, ws, request)) }];
}

function watch(settings: AcdEventSocketSettings, ws: WebSocket, request: IncomingMessage): void {
  const logger = settings.logger ?? silentLogger;
  let locale: InterfaceLocale = localeFromAcceptLanguage(request.headers["accept-language"]) ?? "en";
  let stopListening: (() => void) | undefined;
  let signedIn = false;

  const fail = (error: ApiError, closeCode: number): void => {
    ws.send(JSON.stringify({ type: "error", code: error.code, message: formatApiMessage(error.code, locale, error.params) }));
    ws.close(closeCode, error.code);
  };
  const signIn = async (header: string): Promise<void> => {
    const token = parseBearerToken(header);
    const session = token?.kind === "tenant" ? await settings.db.withTenant(token.tenantId, (scope) => findTenantSession(scope, token.hash)) : undefined;

    if (!session) return fail(new ApiError(401, "unauthenticated"), CLOSE_UNAUTHENTICATED);
    locale = session.user.locale ?? locale;
    if (!session.permissions.includes("queues.monitor")) return fail(new ApiError(403, "forbidden", { permission: "queues.monitor" }), CLOSE_FORBIDDEN);
    const engine = await settings.engines(session.tenant.id);

    if (!engine) return fail(new ApiError(503, "acd-unavailable"), CLOSE_ACD_UNAVAILABLE);
    signedIn = true;
    ws.send(JSON.stringify({ type: "centre", ...viewCentre(engine) }));
    // Events are sent after the decision that made them, so no decision waits for a socket.
    let pending: AcdEvent[] = [];

    stopListening = engine.onEvent((event) => {
      if (pending.length === 0) setImmediate(() => sendPending());
      pending.push(event);
    });
    const sendPending = (): void => {
      const events = pending;

      pending = [];
      for (const event of events) ws.send(JSON.stringify({ type: "event", event }));
    };
  };
  const signInSafely = (header: string) =>
    signIn(header).catch((error: unknown) => {
      logger.error({ err: error }, "signing in to the ACD event socket failed");
      fail(new ApiError(500, "internal-error", { requestId: "acd-event-socket" }), 1011);
    });

  ws.on("close", () => stopListening?.());
  ws.on("error", (error) => logger.warn({ err: error }, "ACD event socket failed"));
  if (request.headers.authorization !== undefined) {
    void signInSafely(request.headers.authorization);
    return;
  }
  const timer = setTimeout(() => fail(new ApiError(401, "unauthenticated"), CLOSE_UNAUTHENTICATED), settings.authTimeoutMs ?? 10_000);

  ws.once("message", (data: RawData) => {
    clearTimeout(timer);
    let token: unknown;

    try {
      token = (JSON.parse(data.toString()) as { type?: unknown; token?: unknown }).token;
    } catch {
      token = undefined;
    }
    if (signedIn || typeof token !== "string") return fail(new ApiError(401, "unauthenticated"), CLOSE_UNAUTHENTICATED);
    void signInSafely(`Bearer ${token}`);
  });
}
