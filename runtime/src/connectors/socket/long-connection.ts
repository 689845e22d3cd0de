import type { Socket } from "node:net";

import type { SocketConnectorSettings } from "@callflow/nodes";
import type { Logger } from "@callflow/sdk";

import { formatHostPort } from "../../egress/egress-error.js";
import { correlationId } from "./correlation.js";
import { FrameDecoder } from "./framing.js";
import { CorrelationError, SocketClosedError, SocketTimeoutError } from "./socket-errors.js";

/** A request waiting for its reply. */
interface Pending {
  resolve(reply: Buffer): void;
  reject(error: unknown): void;
}

/** Opens a connected socket for a {@link LongConnection}, with the egress guard and reconnect backoff. */
export type ConnectLong = (signal: AbortSignal, log: Logger) => Promise<Socket>;

/**
 * One kept-alive TCP connection shared by every request to a connector. Requests are written as
 * they come and replies are paired with them by correlation id, so many requests can wait at
 * once. A dropped connection fails the requests in flight and is opened again by the next request.
 */
export class LongConnection {
  private readonly settings: SocketConnectorSettings;
  private readonly connect: ConnectLong;
  private readonly maxFrameBytes: number;
  private readonly pending = new Map<string, Pending>();
  private readonly target: string;
  private socket: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  private readonly log: Logger;
  // Aborted by close(): stops a connection attempt that no single request owns.
  private readonly lifetime = new AbortController();
  private unmatchedReplies = 0;

  constructor(settings: SocketConnectorSettings, connect: ConnectLong, maxFrameBytes: number, log: Logger) {
    this.settings = settings;
    this.connect = connect;
    this.maxFrameBytes = maxFrameBytes;
    this.log = log;
    this.target = formatHostPort(settings.host, settings.port);
  }

  /** Requests written that have had no reply, failure or timeout yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends a framed message whose payload carries correlation id `id` and waits for the reply
   * with the same id.
   *
   * @throws CorrelationError when a request with the same id is in flight; SocketTimeoutError,
   *   SocketClosedError or the signal's reason otherwise
   */
  async request(id: string, frame: Buffer, timeoutMs: number, signal: AbortSignal, log: Logger): Promise<Buffer> {
    this.assertUnused(id);
    const socket = await this.open(signal, log);

    // Checked again because another request with the id may have started while this one waited.
    this.assertUnused(id);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => settle(new SocketTimeoutError(this.target, "reply", timeoutMs)), timeoutMs);
      const onAbort = (): void => settle(signal.reason);
      const settle = (error: unknown, reply?: Buffer): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.pending.delete(id);
        if (reply !== undefined) resolve(reply);
        else reject(error);
      };

      signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, { resolve: (reply) => settle(undefined, reply), reject: (error) => settle(error) });
      socket.write(frame);
    });
  }

  private assertUnused(id: string): void {
    if (this.pending.has(id)) throw new CorrelationError(`a request with correlation id "${id}" is already waiting on ${this.target}; make the id unique per request`);
  }

  /** Closes the connection; requests in flight fail. */
  close(): void {
    this.lifetime.abort(new SocketClosedError(this.target));
    this.socket?.destroy();
  }

  // Requests arriving while the connection opens share one attempt; each stops waiting on its own signal.
  private async open(signal: AbortSignal, log: Logger): Promise<Socket> {
    if (this.socket !== undefined) return this.socket;
    this.connecting ??= this.connect(this.lifetime.signal, log).finally(() => (this.connecting = undefined));
    const socket = await untilAborted(this.connecting, signal);

    if (this.socket !== socket) this.attach(socket);
    return socket;
  }

  private attach(socket: Socket): void {
    const decoder = new FrameDecoder(this.settings.framing, this.settings.encoding, this.maxFrameBytes);

    this.socket = socket;
    socket.setKeepAlive(true, 30_000);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const reply of decoder.push(chunk)) this.deliver(reply);
      } catch (error) {
        // The stream is out of step with the framing, so nothing after this point can be trusted.
        socket.destroy(error as Error);
      }
    });
    socket.on("error", (error) => this.log.warn({ target: this.target, err: error }, "long connection failed"));
    socket.on("close", () => this.dropped(socket));
  }

  private deliver(reply: Buffer): void {
    const id = correlationId(reply, this.settings.correlation!, this.settings.encoding);
    const waiting = id === undefined ? undefined : this.pending.get(id);

    if (waiting !== undefined) {
      waiting.resolve(reply);
      return;
    }
    // A reply after its request timed out lands here; the count keeps a noisy peer from flooding the log.
    this.unmatchedReplies++;
    if (isPowerOfTwo(this.unmatchedReplies)) this.log.warn({ target: this.target, id, unmatchedReplies: this.unmatchedReplies }, "reply matches no waiting request");
  }

  private dropped(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    const error = new SocketClosedError(this.target, socket.errored ?? undefined);

    for (const waiting of [...this.pending.values()]) waiting.reject(error);
  }
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);

    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
