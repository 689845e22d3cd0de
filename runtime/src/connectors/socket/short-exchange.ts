import type { Socket } from "node:net";

import type { FrameDecoder } from "./framing.js";
import { SocketClosedError, SocketTimeoutError } from "./socket-errors.js";

/**
 * Writes one framed message on a connected socket, reads the first complete reply and closes
 * the socket, whatever the outcome.
 *
 * @throws SocketTimeoutError, SocketClosedError, FrameError, or the signal's reason when it aborts
 */
export function exchangeOnce(socket: Socket, frame: Buffer, decoder: FrameDecoder, target: string, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => finish(new SocketTimeoutError(target, "reply", timeoutMs)), timeoutMs);
    const onAbort = (): void => finish(signal.reason);
    const onData = (chunk: Buffer): void => {
      try {
        const [reply] = decoder.push(chunk);

        if (reply !== undefined) finish(undefined, reply);
      } catch (error) {
        finish(error);
      }
    };
    const onError = (error: Error): void => finish(new SocketClosedError(target, error));
    const onClose = (): void => finish(new SocketClosedError(target));

    function finish(error: unknown, reply?: Buffer): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.off("data", onData).off("error", onError).off("close", onClose);
      socket.destroy();
      if (reply !== undefined) resolve(reply);
      else reject(error);
    }

    signal.addEventListener("abort", onAbort, { once: true });
    socket.on("data", onData).on("error", onError).on("close", onClose);
    socket.write(frame);
  });
}
