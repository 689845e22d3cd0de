import { DataError, InvalidInputError, NotFoundError, StaleDraftError } from "@callflow/db";

import { ApiError } from "./api-error.js";

// Entity and field that each unique or foreign key constraint protects, for the messages of violations.
const CONSTRAINT_SUBJECTS: Record<string, { entity: string; field: string }> = {
  connectors_tenant_name_key: { entity: "connector", field: "name" },
  flows_tenant_name_key: { entity: "flow", field: "name" },
  phone_numbers_number_key: { entity: "phone number", field: "number" },
  phone_numbers_flow_fk: { entity: "flow", field: "id" },
  tenants_name_key: { entity: "tenant", field: "name" },
  users_tenant_login_key: { entity: "user", field: "login" },
  custom_roles_tenant_name_key: { entity: "role", field: "name" },
  prompts_tenant_name_language_key: { entity: "prompt", field: "name and language" },
  calendars_tenant_name_key: { entity: "calendar", field: "name" },
};

// SQLSTATE classes and codes, and socket errors, that mean the server cannot be used now:
// 08 connection exceptions, 57P01-57P03 shutdown and start-up, 53300 too many connections.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const UNAVAILABLE_SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);

interface DriverError {
  code?: string;
  constraint?: string;
}

// Drizzle wraps driver errors in its own error with the driver's error as `cause`. The checks
// are structural because socket errors may come from another realm, where `instanceof Error`
// is false (as under Jest).
function driverErrorOf(error: unknown): DriverError | undefined {
  let current: unknown = error;

  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as DriverError).code;

    if (typeof code === "string") {
      return current as DriverError;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Returns whether `error` means that the database cannot be reached or is shutting down. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;

  if (code !== undefined && (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_ERRORS.has(code))) {
    return true;
  }
  // node-postgres rejects with a plain Error without a code when the server closes the socket.
  return /Connection terminated/.test(String((error as { message?: unknown } | null)?.message));
}

/**
 * Maps an error thrown while handling a request to the API error of the response, or returns
 * undefined for an unexpected error, which the server logs and reports as 500.
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) {
    return error;
  }
  if (error instanceof DataError) {
    return fromDataError(error);
  }
  if (isDatabaseUnavailable(error)) {
    return new ApiError(503, "database-unavailable");
  }

  const driverError = driverErrorOf(error);
  const subject = CONSTRAINT_SUBJECTS[driverError?.constraint ?? ""] ?? { entity: "resource", field: "name" };

  if (driverError?.code === "23505") {
    return new ApiError(409, "already-exists", subject);
  }
  if (driverError?.code === "23503") {
    return new ApiError(404, "not-found", { entity: subject.entity });
  }
  return undefined;
}

function fromDataError(error: DataError): ApiError | undefined {
  if (error instanceof NotFoundError) {
    return new ApiError(404, "not-found", { entity: error.entity });
  }
  if (error instanceof InvalidInputError) {
    return new ApiError(400, "invalid-request", { detail: error.message }, { field: error.field });
  }
  if (error instanceof StaleDraftError) {
    const params = {
      author: error.updatedBy.displayName,
      time: error.updatedAt.toISOString(),
      currentVersion: error.currentVersion,
      baseVersion: error.baseVersion,
    };
    const details = { currentVersion: error.currentVersion, updatedBy: error.updatedBy, updatedAt: error.updatedAt.toISOString() };

    return new ApiError(409, "draft-stale", params, details);
  }
  return undefined;
}
