import type { Socket } from "node:net";

import type { Logger } from "@callflow/sdk";

import type { EgressGuard } from "../../egress/egress-guard.js";
import { formatHostPort } from "../../egress/egress-error.js";
import type { OpenConnection } from "../../egress/open-connection.js";
import { isRetryable, sleep } from "../http/retry-policy.js";
import { SocketTimeoutError } from "./socket-errors.js";

/** Options of {@link connectSocket}. */
export interface ConnectSocketOptions {
  readonly guard: EgressGuard;
  readonly openConnection: OpenConnection;
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  /** Attempts after the first when connecting fails. Nothing was sent then, so a repeat is safe. */
  readonly reconnectAttempts: number;
  /** Delay before the first repeat in milliseconds; it doubles for each further one. */
  readonly reconnectBackoffMs: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/**
 * Resolves and checks the host with the egress guard, then connects to the checked address,
 * repeating refused, reset and timed-out attempts with backoff.
 *
 * @throws EgressBlockedError, DestinationLookupError, SocketTimeoutError, the last socket error,
 *   or the signal's reason when it aborts
 */
export async function connectSocket(options: ConnectSocketOptions): Promise<Socket> {
  const target = formatHostPort(options.host, options.port);

  for (let attempt = 0; ; attempt++) {
    try {
      const destination = await options.guard.resolve(options.host, options.port, options.signal);

      return await connected(options.openConnection(destination), target, options);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const transient = isRetryable({ error }) || error instanceof SocketTimeoutError;

      if (attempt >= options.reconnectAttempts || !transient) throw error;
      const delayMs = options.reconnectBackoffMs * 2 ** attempt;

      options.log.warn({ target, attempt: attempt + 1, delayMs, err: error }, "reconnecting socket");
      await sleep(delayMs, options.signal);
    }
  }
}

function connected(socket: Socket, target: string, options: ConnectSocketOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new SocketTimeoutError(target, "connect", options.connectTimeoutMs)), options.connectTimeoutMs);
    const onAbort = (): void => fail(options.signal.reason);
    const cleanUp = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      socket.off("error", fail);
    };
    function fail(error: unknown): void {
      cleanUp();
      socket.destroy();
      reject(error);
    }

    options.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", fail);
    socket.once("connect", () => {
      cleanUp();
      resolve(socket);
    });
  });
}
