import type { ApiErrorCode } from "./api-messages.js";

/**
 * An error response of the API: an HTTP status, a stable code, the parameters of the code's
 * localized message and, for some codes, structured details (the problems of a flow, the author
 * of a newer draft).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(`${code} (${status})`);
    this.name = "ApiError";
  }
}

/** Builds the 404 for a resource that does not exist or belongs to another tenant. */
export function notFound(entity: string): ApiError {
  return new ApiError(404, "not-found", { entity });
}

/** Builds a 400 for a request that fails validation. */
export function invalidRequest(detail: string, details?: unknown): ApiError {
  return new ApiError(400, "invalid-request", { detail }, details);
}
