/** Failure class of an ARI request, in the terms the adapter acts on. */
export type AriFailure =
  | "not-found" // 404: the channel, playback, bridge or variable is gone
  | "not-in-stasis" // 409: the channel left the application
  | "conflict" // other 409/412/422 state conflicts
  | "unavailable" // no connection, reset, or timed out: worth a retry
  | "invalid" // 400: a bug in the adapter or a bad value from a flow
  | "server"; // 500 and anything else

/** A failed ARI request, with the operation and a failure class decided once, here. */
export class AriRequestError extends Error {
  readonly code = "ari-request-failed";
  readonly failure: AriFailure;
  readonly operation: string;

  constructor(operation: string, failure: AriFailure, message: string, options?: { cause?: unknown }) {
    super(`ARI ${operation} failed (${failure}): ${message}`, options);
    this.name = "AriRequestError";
    this.operation = operation;
    this.failure = failure;
  }
}

// Asterisk's fixed error texts (res_ari, Asterisk 22) and the status each comes with.
// ari-client 2.2.0 replaces an HTTP error with `new Error(body)`, dropping the status code, so
// the body text is the only signal left; this table is the one place that reads it.
const KNOWN_MESSAGES: ReadonlyArray<[RegExp, AriFailure]> = [
  [/not found/i, "not-found"],
  [/not in Stasis application/i, "not-in-stasis"],
  [/not in the '.*' state|invalid state|already exists|not in this bridge|can only (pause|restart)/i, "conflict"],
  [/invalid|required|must be specified|can't both be specified|missing/i, "invalid"],
];

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ESOCKETTIMEDOUT"]);

/** Classifies an error thrown by an ari-client operation. */
export function toAriRequestError(operation: string, error: unknown): AriRequestError {
  if (error instanceof AriRequestError) return error;
  const code = (error as { code?: unknown }).code;

  if (typeof code === "string" && CONNECTION_ERRORS.has(code)) return new AriRequestError(operation, "unavailable", code, { cause: error });
  const text = bodyMessage(error instanceof Error ? error.message : String(error));

  for (const [pattern, failure] of KNOWN_MESSAGES) if (pattern.test(text)) return new AriRequestError(operation, failure, text, { cause: error });
  return new AriRequestError(operation, "server", text, { cause: error });
}

// Error bodies are JSON: {"message": "..."} and, for allocation failures, {"error": "..."}.
function bodyMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };

    if (typeof body.message === "string") return body.message;
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON: a connection error's own message.
  }
  return text;
}
