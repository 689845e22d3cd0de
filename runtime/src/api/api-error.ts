import type { InterfaceLocale } from "@callflow/sdk";

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
    /** Parameters written in another locale than English, such as validation messages. */
    readonly localizedParams?: Partial<Record<InterfaceLocale, Record<string, string | number>>>,
  ) {
    super(`${code} (${status})`);
    this.name = "ApiError";
  }

  /** Returns the message parameters for `locale`: its own when the error has them, else the English ones. */
  paramsFor(locale: InterfaceLocale): Record<string, string | number> {
    return this.localizedParams?.[locale] ?? this.params;
  }
}

/** Builds the 404 for a resource that does not exist or belongs to another tenant. */
export function notFound(entity: string): ApiError {
  return new ApiError(404, "not-found", { entity });
}

/** Builds a 400 for a request that fails validation. */
export function invalidRequest(detail: string, details?: unknown, localizedDetail?: Partial<Record<InterfaceLocale, string>>): ApiError {
  const localizedParams = localizedDetail === undefined ? undefined : Object.fromEntries(Object.entries(localizedDetail).map(([locale, text]) => [locale, { detail: text }]));

  return new ApiError(400, "invalid-request", { detail }, details, localizedParams);
}
