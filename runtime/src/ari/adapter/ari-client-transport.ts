import ari, { type AriClient, type AriResource } from "ari-client";

import { AriRequestError } from "./ari-errors.js";
import type { AriEvent } from "./ari-events.js";
import { connectError, type AriOperationName, type AriParams, type AriTransport, type AriTransportOptions } from "./ari-transport.js";
import { installHostAuthorization } from "./swagger-auth.js";
import { guardUnknownEvents } from "./unknown-events.js";

/**
 * The transport over `ari-client` 2.2.0. ari-client downloads the server's API declarations on
 * each connect and retries a dropped WebSocket on its own. Once it gives up, this transport
 * connects afresh with backoff.
 */
export class AriClientTransport implements AriTransport {
  readonly kind = "ari-client";
  private readonly options: AriTransportOptions;
  private client: AriClient | undefined;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AriTransportOptions) {
    this.options = options;
  }

  /** The connected ari-client instance; the benchmark's probe instruments it. */
  get currentClient(): AriClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.connect();
    } catch (error) {
      // swagger-client rejects with a bare string such as "401 : undefined <url>".
      throw connectError(this.options.server, error);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.client?.stop();
  }

  request(operation: AriOperationName, params: AriParams): Promise<unknown> {
    const dot = operation.indexOf(".");
    const resource = (this.client as unknown as Record<string, AriResource> | undefined)?.[operation.slice(0, dot)];
    const method = resource?.[operation.slice(dot + 1)];

    if (!this.client) return Promise.reject(new AriRequestError(operation, "unavailable", "ari-client is not connected yet"));
    if (typeof method !== "function") {
      return Promise.reject(new AriRequestError(operation, "server", `the server's API declarations have no ${operation}; is this Asterisk 16 or newer?`));
    }
    return this.withTimeout(operation, method.call(resource, params));
  }

  // ari-client has no request timeout of its own.
  private withTimeout(operation: AriOperationName, promise: Promise<unknown>): Promise<unknown> {
    const timeoutMs = this.options.requestTimeoutMs;

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new AriRequestError(operation, "unavailable", `no response within ${timeoutMs} ms`)), timeoutMs);

      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private async connect(): Promise<void> {
    const { url, username, password, app } = this.options.server;
    const { listener, logger } = this.options;
    const client = await ari.connect(url, username, password);

    installHostAuthorization(url, username, password);
    this.client = client;
    client.on("WebSocketConnected", () => {
      guardUnknownEvents(client, logger);
      listener.onConnected();
    });
    client.on("WebSocketReconnecting", (error?: Error) => listener.onReconnecting(error));
    client.on("WebSocketMaxRetries", (error?: Error) => {
      logger.error({ err: error }, "ARI WebSocket reconnection attempts exhausted; starting over");
      this.scheduleFullReconnect(this.options.reconnect.initialDelayMs);
    });
    client.on("*", (event: AriEvent) => listener.onEvent(event));
    await client.start(app);
  }

  private scheduleFullReconnect(delayMs: number): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        const next = Math.min(delayMs * 2, this.options.reconnect.maxDelayMs);

        this.options.logger.warn({ err: error, retryInMs: next }, "ARI connection failed");
        this.scheduleFullReconnect(next);
      });
    }, delayMs);
  }
}
