/** No connection or no complete reply within the time limit. */
export class SocketTimeoutError extends Error {
  readonly code = "socket-timeout";

  constructor(target: string, phase: "connect" | "reply", timeoutMs: number) {
    const action = phase === "connect" ? "connecting to" : "waiting for the reply from";

    super(`${action} ${target} timed out after ${timeoutMs} ms; check that the system is up, or raise the node's timeout`);
    this.name = "SocketTimeoutError";
  }
}

/** The connection closed or failed before the reply was complete. */
export class SocketClosedError extends Error {
  readonly code = "socket-closed";

  constructor(target: string, cause?: unknown) {
    const reason = (cause as { code?: string } | undefined)?.code ?? (cause instanceof Error ? cause.message : "closed by the remote side");

    super(`connection to ${target} ended before a complete reply (${reason}); the request may or may not have been processed`, { cause });
    this.name = "SocketClosedError";
  }
}

/** A message that does not fit the framing, in either direction. */
export class FrameError extends Error {
  readonly code = "invalid-frame";

  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

/** A long-connection request without a usable correlation id. */
export class CorrelationError extends Error {
  readonly code = "correlation-failed";

  constructor(message: string) {
    super(message);
    this.name = "CorrelationError";
  }
}
