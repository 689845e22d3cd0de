import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

import { findPlatformSession, findTenantSession, PLATFORM_ROLE_TENANT_PERMISSIONS, type CallflowDatabase } from "@callflow/db";
import type { InterfaceLocale } from "@callflow/sdk";
import { WebSocketServer, type RawData, type WebSocket } from "ws";

import { localeFromAcceptLanguage } from "../api/accept-language.js";
import { ApiError } from "../api/api-error.js";
import { formatApiMessage } from "../api/api-messages.js";
import { publicRoute, type ApiRoute } from "../api/route.js";
import { parseBearerToken, type ParsedToken } from "../api/session-token.js";
import { toApiError } from "../api/to-api-error.js";
import { startLiveTestCall, type LiveTestCall, type LiveTestCallSettings } from "./test-call-live.js";
import { parseClientMessage, type ServerMessage, type StartMessage } from "./test-call-messages.js";
import { TEST_CALL_SOCKET_PROTOCOL } from "./test-call-socket-protocol.js";

/** Settings of the test call WebSocket. */
export interface TestCallSocketSettings extends LiveTestCallSettings {
  /** Milliseconds a connection without an Authorization header has to send its auth message. Default 10,000. */
  authTimeoutMs?: number;
}

/** Close codes of the test call socket besides the standard ones. */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

const SOCKET_PATH = "/api/test-calls/socket";
const LOOKUP_ACTOR = { kind: "system", name: "test-call-socket" } as const;

/** A signed-in user of a socket. */
type SocketUser =
  | { kind: "tenant"; tenantId: string; permissions: readonly string[]; locale: InterfaceLocale }
  | { kind: "platform"; permissions: readonly string[]; locale: InterfaceLocale };

async function findUser(db: CallflowDatabase, token: ParsedToken, requested: InterfaceLocale | undefined): Promise<SocketUser | undefined> {
  if (token.kind === "tenant") {
    const session = await db.withTenant(token.tenantId, (scope) => findTenantSession(scope, token.hash));

    if (!session) return undefined;
    return { kind: "tenant", tenantId: session.tenant.id, permissions: session.permissions, locale: session.user.locale ?? requested ?? session.tenant.defaultLocale };
  }

  // A platform user tests calls in the tenant that the start message names, with the tenant
  // permissions that the platform roles grant there, as on the API's tenant routes.
  const session = await db.withPlatform(LOOKUP_ACTOR, (platform) => findPlatformSession(platform, token.hash));
  const permissions = session?.user.roles.flatMap((role) => [...PLATFORM_ROLE_TENANT_PERMISSIONS[role]]) ?? [];
  return session ? { kind: "platform", permissions, locale: session.user.locale } : undefined;
}

/**
 * Builds `GET /api/test-calls/socket`: the WebSocket of the studio's simulator. Plain HTTP
 * requests to the path get 426 with the protocol in the OpenAPI description.
 */
export function testCallSocketRoutes(settings: TestCallSocketSettings): ApiRoute[] {
  const server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const route = publicRoute(
    {
      method: "GET",
      path: SOCKET_PATH,
      operationId: "testCallSocket",
      summary: "WebSocket that runs a simulated call of a draft or version live: keys and hang-up in, trace events and prompts out",
      description: TEST_CALL_SOCKET_PROTOCOL,
      tag: "calls",
      responses: { 101: { description: "Switching to the WebSocket protocol." } },
      errors: [426],
    },
    async () => {
      throw new ApiError(426, "upgrade-required", { path: SOCKET_PATH });
    },
  );

  return [
    {
      ...route,
      upgrade: (request, socket, head) => {
        server.handleUpgrade(request, socket, head, (ws) => new TestCallConnection(settings, ws, request).begin());
      },
    },
  ];
}

/** One socket: its user, at most one running call, and the messages in arrival order. */
class TestCallConnection {
  private user: SocketUser | undefined;
  private token: ParsedToken | undefined;
  private locale: InterfaceLocale;
  private readonly header: string | undefined;
  private readonly requestedLocale: InterfaceLocale | undefined;
  private call: LiveTestCall | undefined;
  private closed = false;
  private authTimer: NodeJS.Timeout | undefined;
  // Messages are handled one after another, so a dtmf sent right after start waits for the call.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: TestCallSocketSettings,
    private readonly ws: WebSocket,
    request: IncomingMessage,
  ) {
    this.requestedLocale = localeFromAcceptLanguage(request.headers["accept-language"]);
    this.locale = this.requestedLocale ?? "en";
    this.header = request.headers.authorization;
  }

  begin(): void {
    this.ws.on("message", (data, isBinary) => this.enqueue(() => this.receive(data, isBinary)));
    this.ws.on("close", () => this.onClose());
    this.ws.on("error", (error) => this.settings.logger.warn({ err: error }, "test call socket failed"));

    if (this.header === undefined) {
      this.authTimer = setTimeout(() => this.reject("unauthenticated", CLOSE_UNAUTHENTICATED), this.settings.authTimeoutMs ?? 10_000);
      return;
    }

    const token = parseBearerToken(this.header);
    if (token) this.enqueue(() => this.authenticate(token));
    else this.reject("unauthenticated", CLOSE_UNAUTHENTICATED);
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.sendError(error));
  }

  private onClose(): void {
    this.closed = true;
    clearTimeout(this.authTimer);
    // Closing the socket is the caller hanging up.
    this.call?.hangup();
  }

  private send(message: ServerMessage & { details?: unknown }): void {
    if (!this.closed) this.ws.send(JSON.stringify(message));
  }

  private sendError(error: unknown): void {
    const requestId = randomUUID();
    const apiError = toApiError(error) ?? new ApiError(500, "internal-error", { requestId });

    if (apiError.status >= 500) this.settings.logger.error({ err: error, requestId, code: apiError.code }, "test call socket message failed");
    this.send({ type: "error", code: apiError.code, message: formatApiMessage(apiError.code, this.locale, apiError.paramsFor(this.locale)), ...(apiError.details === undefined ? {} : { details: apiError.details }) });
  }

  private reject(code: "unauthenticated" | "forbidden", closeCode: number, params: Record<string, string> = {}): void {
    this.sendError(new ApiError(closeCode === CLOSE_FORBIDDEN ? 403 : 401, code, params));
    this.ws.close(closeCode, code);
  }

  private async authenticate(token: ParsedToken): Promise<void> {
    clearTimeout(this.authTimer);
    const user = await findUser(this.settings.store.db, token, this.requestedLocale);

    if (!user) {
      this.reject("unauthenticated", CLOSE_UNAUTHENTICATED);
      return;
    }
    this.locale = user.locale;
    const permission = "flows.test";

    if (!user.permissions.includes(permission)) {
      this.reject("forbidden", CLOSE_FORBIDDEN, { permission });
      return;
    }
    this.token = token;
    this.user = user;
  }

  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    if (this.closed) return;
    if (isBinary) throw new ApiError(400, "invalid-message", { detail: "the frame is binary; send one JSON object per text frame" });

    const parsed = parseClientMessage(data.toString());
    if ("detail" in parsed) throw new ApiError(400, "invalid-message", { detail: parsed.detail });

    const message = parsed.message;
    if (message.type === "auth") {
      if (this.user) throw new ApiError(400, "invalid-message", { detail: "auth: this connection is already signed in" });
      const token = parseBearerToken(`Bearer ${message.token}`);

      if (!token) this.reject("unauthenticated", CLOSE_UNAUTHENTICATED);
      else await this.authenticate(token);
      return;
    }
    if (!this.user) {
      this.reject("unauthenticated", CLOSE_UNAUTHENTICATED);
      return;
    }
    if (message.type === "start") {
      await this.start(message);
      return;
    }
    if (!this.call) throw new ApiError(409, "call-not-started");
    if (message.type === "hangup") this.call.hangup();
    else if (this.call.replaying) throw new ApiError(400, "invalid-message", { detail: "dtmf: this call replays the keys of a stored call and takes no live keys; hang up to stop it" });
    else this.call.pressKeys(message.digits);
  }

  private async start(message: StartMessage): Promise<void> {
    if (this.call) throw new ApiError(409, "call-already-started");

    // The session may have ended or lost its permission since the socket signed in.
    await this.authenticate(this.token!);
    const user = this.user;
    if (!user || this.closed) return;

    const tenantId = this.tenantOf(user, message);
    const caller = { tenantId, maySeeSensitive: user.kind === "tenant" && user.permissions.includes("sensitive.view") };
    // The session emits its first events before startLiveTestCall returns. They are queued until
    // `started` is sent, so `started` is always the first message of a call.
    let queued: ServerMessage[] | undefined = [];
    let ended = false;
    const emit = (event: ServerMessage): void => {
      if (queued) queued.push(event);
      else this.send(event);
    };
    const call = await startLiveTestCall(this.settings, caller, message, {
      trace: (event) => emit({ type: "trace", event }),
      prompt: (prompt) => emit({ type: "prompt", ...prompt }),
      ended: (result) => {
        ended = true;
        this.call = undefined;
        emit({ type: "ended", ...result });
      },
    });

    this.send({ type: "started", callId: call.callId, flowId: call.flowId, version: call.version });
    queued.forEach((event) => this.send(event));
    queued = undefined;
    if (!ended) this.call = call;
    // A socket closed while the call was starting hangs it up at once.
    if (this.closed) call.hangup();
  }

  private tenantOf(user: SocketUser, message: StartMessage): string {
    if (user.kind === "tenant") {
      if (message.tenant !== undefined && message.tenant !== user.tenantId) {
        throw new ApiError(400, "invalid-message", { detail: "start.tenant: only platform users name a tenant; remove it" });
      }
      return user.tenantId;
    }
    if (message.tenant === undefined) throw new ApiError(400, "tenant-required");
    return message.tenant;
  }
}
