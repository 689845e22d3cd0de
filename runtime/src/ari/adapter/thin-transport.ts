import { connectError, type AriEndpoint, type AriOperationName, type AriParams, type AriTransport, type AriTransportOptions } from "./ari-transport.js";
import { ThinEventSocket } from "./thin-events.js";
import { ThinRest } from "./thin-rest.js";

/** Timeouts and intervals of the thin transport's own requests and pings, ms. */
const API_DOCS_TIMEOUT_MS = 5_000;
const PING_INTERVAL_MS = 20_000;

/**
 * The transport over plain `node:http` and `ws`: one keep-alive agent for the REST requests and
 * one events WebSocket. At start it reads the event models the server declares, which checks
 * the URL and the credentials, so that later events of undeclared types are dropped and
 * counted as ari-client's would be.
 */
export class ThinTransport implements AriTransport {
  readonly kind = "thin";
  private readonly rest: ThinRest;
  private readonly events: ThinEventSocket;
  private knownTypes: ReadonlySet<string> = new Set();
  private readonly requestTimeoutMs: number;
  private readonly server: AriEndpoint;

  constructor(options: AriTransportOptions) {
    this.server = options.server;
    this.rest = new ThinRest(options.server);
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.events = new ThinEventSocket({
      target: this.rest.eventsTarget(options.server.app),
      listener: options.listener,
      logger: options.logger,
      reconnect: options.reconnect,
      isKnownType: (type) => this.knownTypes.has(type),
      pingIntervalMs: PING_INTERVAL_MS,
    });
  }

  /** The open events WebSocket; the benchmark's probe listens on it. */
  get currentSocket(): ThinEventSocket["currentSocket"] {
    return this.events.currentSocket;
  }

  async start(): Promise<void> {
    try {
      this.knownTypes = await this.readEventTypes();
      await this.events.start();
    } catch (error) {
      throw connectError(this.server, error);
    }
  }

  stop(): void {
    this.events.stop();
    this.rest.close();
  }

  private async readEventTypes(): Promise<Set<string>> {
    const declaration = (await this.rest.get("/api-docs/events.json", API_DOCS_TIMEOUT_MS)) as { models?: Record<string, unknown> } | undefined;

    if (typeof declaration?.models !== "object" || declaration.models === null) {
      throw new Error("its /ari/api-docs/events.json declares no event models, so it is not an Asterisk ARI server");
    }
    return new Set(Object.keys(declaration.models));
  }

  request(operation: AriOperationName, params: AriParams): Promise<unknown> {
    return this.rest.request(operation, params, this.requestTimeoutMs);
  }
}
