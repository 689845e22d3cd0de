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
import type { AcdEngine } from "./acd-engine.js";
import type { AcdEngineLookup } from "./acd-routes.js";
import type { AcdEvent } from "./acd-events.js";
import { viewAgent, viewCentre } from "./acd-snapshot.js";

const SOCKET_PATH = "/api/acd/events";
const AGENT_SOCKET_PATH = "/api/acd/agent/events";
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

const AGENT_PROTOCOL = `Upgrade to a WebSocket; every frame is one JSON object in a text frame. Sign in as for
/api/acd/events; the user needs calls.handle and is the agent. The server sends
{"type":"agent","agent":{...}} at once (agent null when the user is not configured as an agent)
and again after every change of the agent's state or call, with the same fields as GET /api/acd/agent.`;

/** Feed of one kind of socket after sign-in. `start` returns the function that stops it. */
interface SocketFeed {
  permission: "queues.monitor" | "calls.handle";
  start(engine: AcdEngine, userId: string, send: (frame: unknown) => void): () => void;
}

// Calls `flush` with the events of one turn of the event loop, after the decisions that made
// them, so that no decision waits for a socket.
function batchEvents(engine: AcdEngine, flush: (events: AcdEvent[]) => void): () => void {
  let pending: AcdEvent[] = [];

  return engine.onEvent((event) => {
    if (pending.length === 0) {
      setImmediate(() => {
        const events = pending;

        pending = [];
        flush(events);
      });
    }
    pending.push(event);
  });
}

const SUPERVISOR_FEED: SocketFeed = {
  permission: "queues.monitor",
  start(engine, _userId, send) {
    send({ type: "centre", ...viewCentre(engine) });
    return batchEvents(engine, (events) => {
      for (const event of events) send({ type: "event", event });
    });
  },
};

// The agent's own view, sent again after events about the agent or its call.
const AGENT_FEED: SocketFeed = {
  permission: "calls.handle",
  start(engine, userId, send) {
    let callId = engine.state.agents.get(userId)?.callId;

    send({ type: "agent", agent: viewAgent(engine, userId) ?? null });
    return batchEvents(engine, (events) => {
      const concerned = events.some((event) => ("agentId" in event && event.agentId === userId) || ("callId" in event && event.callId === callId) || (event.type === "agent.configured" && event.agent.id === userId));

      if (!concerned) return;
      callId = engine.state.agents.get(userId)?.callId;
      send({ type: "agent", agent: viewAgent(engine, userId) ?? null });
    });
  },
};

function socketRoute(settings: AcdEventSocketSettings, path: string, operationId: string, summary: string, description: string, feed: SocketFeed): ApiRoute {
  const server = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const route = publicRoute(
    { method: "GET", path, operationId, summary, description, tag: "acd", responses: { 101: { description: "Switching to the WebSocket protocol." } }, errors: [426] },
    async () => {
      throw new ApiError(426, "upgrade-required", { path });
    },
  );

  return { ...route, upgrade: (request, socket, head) => server.handleUpgrade(request, socket, head, (ws) => watch(settings, ws, request, feed)) };
}

/**
 * Builds `GET /api/acd/events`, the live stream of a tenant's ACD for the supervisor's view, and
 * `GET /api/acd/agent/events`, the signed-in agent's own state and call for the agent console.
 * Plain HTTP requests to the paths get 426.
 */
export function acdEventSocketRoutes(settings: AcdEventSocketSettings): ApiRoute[] {
  return [
    socketRoute(settings, SOCKET_PATH, "acdEventSocket", "WebSocket of a tenant's ACD: the queues and agents, then every event live", PROTOCOL, SUPERVISOR_FEED),
    socketRoute(settings, AGENT_SOCKET_PATH, "acdAgentSocket", "WebSocket of the signed-in agent: its state and call, sent again on every change", AGENT_PROTOCOL, AGENT_FEED),
  ];
}

function watch(settings: AcdEventSocketSettings, ws: WebSocket, request: IncomingMessage, feed: SocketFeed): void {
  const logger = settings.logger ?? silentLogger;
  let locale: InterfaceLocale = localeFromAcceptLanguage(request.headers["accept-language"]) ?? "en";
  let stopListening: (() => void) | undefined;
  let signedIn = false;

  const fail = (error: ApiError, closeCode: number): void => {
    ws.send(JSON.stringify({ type: "error", code: error.code, message: formatApiMessage(error.code, locale, error.paramsFor(locale)) }));
    ws.close(closeCode, error.code);
  };
  const signIn = async (header: string): Promise<void> => {
    const token = parseBearerToken(header);
    const session = token?.kind === "tenant" ? await settings.db.withTenant(token.tenantId, (scope) => findTenantSession(scope, token.hash)) : undefined;

    if (!session) return fail(new ApiError(401, "unauthenticated"), CLOSE_UNAUTHENTICATED);
    locale = session.user.locale ?? locale;
    if (!session.permissions.includes(feed.permission)) return fail(new ApiError(403, "forbidden", { permission: feed.permission }), CLOSE_FORBIDDEN);
    const engine = await settings.engines(session.tenant.id);

    if (!engine) return fail(new ApiError(503, "acd-unavailable"), CLOSE_ACD_UNAVAILABLE);
    signedIn = true;
    stopListening = feed.start(engine, session.user.id, (frame) => ws.send(JSON.stringify(frame)));
    // The socket may have closed while the engine started.
    if (ws.readyState !== ws.OPEN) stopListening();
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
