/** Stable codes of {@link SqlConnectorError}. */
export type SqlErrorCode = "sql-settings-invalid" | "sql-secret-invalid" | "sql-connect-failed" | "sql-auth-failed" | "sql-timeout" | "sql-failed";

/**
 * A database connector that could not run a query. The message names the connector and what to
 * change; it never contains the password.
 */
export class SqlConnectorError extends Error {
  readonly code: SqlErrorCode;
  readonly connector: string;

  constructor(code: SqlErrorCode, connector: string, message: string, cause?: unknown) {
    super(`database connector "${connector}": ${message}`, { cause });
    this.name = "SqlConnectorError";
    this.code = code;
    this.connector = connector;
  }
}

/** A driver's report of a failed query or connection, sorted into the kinds this module maps. */
export interface DriverFailure {
  readonly kind: "connect" | "auth" | "timeout" | "query";
  /** The server's or driver's message, which may quote SQL but never the password. */
  readonly detail: string;
}

/** Builds the connector error for a driver failure, with the fix for each kind. */
export function connectorErrorFor(connector: string, target: string, failure: DriverFailure, timeoutMs: number, cause: unknown): SqlConnectorError {
  switch (failure.kind) {
    case "connect":
      return new SqlConnectorError("sql-connect-failed", connector, `could not connect to ${target} (${failure.detail}); check the connector's host and port and that the server accepts connections`, cause);
    case "auth":
      return new SqlConnectorError("sql-auth-failed", connector, `the server at ${target} rejected the credentials (${failure.detail}); a tenant admin must correct the user name or password in the connector's secret`, cause);
    case "timeout":
      return new SqlConnectorError("sql-timeout", connector, `the query timed out after ${timeoutMs} ms and was cancelled; make the query faster or raise the node's timeoutMs`, cause);
    case "query":
      return new SqlConnectorError("sql-failed", connector, `the query failed: ${failure.detail}; correct the node's SQL or parameters`, cause);
  }
}
