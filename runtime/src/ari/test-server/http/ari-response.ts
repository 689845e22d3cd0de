/** A reply of the ARI HTTP server: status, optional JSON body and extra headers. */
export interface AriResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes sent as they are (a stored recording's file). */
  raw?: { contentType: string; data: Buffer };
}

/**
 * An error reply. Asterisk's errors carry `{"message": "..."}`; allocation failure alone carries
 * `{"error": "Allocation failed"}`.
 */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, string> = { message },
  ) {
    super(message);
    this.name = "AriError";
  }
}

export function ok(body: unknown): AriResponse {
  return { status: 200, body };
}

export function noContent(): AriResponse {
  return { status: 204 };
}

/** 201 with `Location: /ari<path>`, as ARI replies to `play` and `record`. */
export function created(body: unknown, path: string): AriResponse {
  return { status: 201, body, headers: { Location: `/ari${path}` } };
}

export const allocationFailed = (): AriError => new AriError(500, "Allocation failed", { error: "Allocation failed" });
