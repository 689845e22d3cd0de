import type { Logger } from "@callflow/sdk";
import { WebSocket, type RawData } from "ws";

import type { AriEvent } from "./ari-events.js";
import type { AriTransportListener } from "./ari-transport.js";

/** Settings of a {@link ThinEventSocket}. */
export interface ThinEventSocketOptions {
  target: { url: string; headers: Record<string, string> };
  listener: AriTransportListener;
  logger: Logger;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  /** Whether an event type is one the server declares; other events are dropped and counted. */
  isKnownType(type: string): boolean;
  /** Interval of WebSocket pings, ms; a ping left unanswered until the next one drops the socket. */
  pingIntervalMs: number;
}

/**
 * ARI's events WebSocket over `ws`: parses each message once and hands the event on, and
 * reopens the socket with backoff whenever it closes unasked, for as long as it is not stopped.
 * Pings find a connection that died without a close (a peer gone or a network cut).
 */
export class ThinEventSocket {
  private readonly options: ThinEventSocketOptions;
  private socket: WebSocket | undefined;
  private stopped = true;
  private delayMs: number;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private dropped = 0;

  constructor(options: ThinEventSocketOptions) {
    this.options = options;
    this.delayMs = options.reconnect.initialDelayMs;
  }

  /** The open WebSocket; the benchmark's probe listens on it. */
  get currentSocket(): WebSocket | undefined {
    return this.socket;
  }

  /** Opens the socket; rejects when the first attempt fails, and reconnects after that. */
  start(): Promise<void> {
    this.stopped = false;
    return new Promise((resolve, reject) => this.open(resolve, reject));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  private open(onOpen?: () => void, onFirstFailure?: (error: Error) => void): void {
    const socket = new WebSocket(this.options.target.url, { headers: this.options.target.headers });
    let opened = false;
    let failure: Error | undefined;

    this.socket = socket;
    socket.on("message", (data: RawData) => this.onMessage(data));
    socket.on("pong", () => {
      this.awaitingPong = false;
    });
    socket.on("unexpected-response", (_request, response) => {
      failure = new Error(`opening the ARI events WebSocket failed with HTTP ${response.statusCode ?? "(no status)"}; check the ARI user, password and URL`);
      socket.terminate();
    });
    socket.on("error", (error) => {
      failure ??= error;
    });
    socket.once("open", () => {
      opened = true;
      this.delayMs = this.options.reconnect.initialDelayMs;
      this.startPings(socket);
      onOpen?.();
      this.options.listener.onConnected();
    });
    socket.once("close", (code) => {
      if (this.socket !== socket || this.stopped) return;
      clearInterval(this.pingTimer);
      if (!opened && onFirstFailure) {
        this.stopped = true;
        onFirstFailure(failure ?? new Error(`the ARI events WebSocket closed with code ${code} before it opened`));
        return;
      }
      this.options.listener.onReconnecting(failure ?? new Error(`the ARI events WebSocket closed with code ${code}`));
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const delay = this.delayMs;

    this.delayMs = Math.min(this.delayMs * 2, this.options.reconnect.maxDelayMs);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }

  private startPings(socket: WebSocket): void {
    this.awaitingPong = false;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        this.options.logger.warn({ pingIntervalMs: this.options.pingIntervalMs }, "ARI events WebSocket sent no pong; reconnecting");
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
    }, this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  private onMessage(data: RawData): void {
    let event: AriEvent;

    try {
      event = JSON.parse(data.toString()) as AriEvent;
    } catch {
      this.countDropped("(unparsable)");
      return;
    }
    if (typeof event.type !== "string" || !this.options.isKnownType(event.type)) {
      this.countDropped(typeof event.type === "string" ? event.type : "(no type)");
      return;
    }
    this.options.listener.onEvent(event);
  }

  // Count repeats so a server that streams unknown events does not flood the log.
  private countDropped(type: string): void {
    if (this.dropped++ % 100 === 0) this.options.logger.warn({ eventType: type, dropped: this.dropped }, "ARI event of unknown type dropped");
  }
}
