import type { Logger, ServiceKey } from "@callflow/sdk";

/** A value bound to a SQL parameter. Dates travel as ISO 8601 strings. */
export type SqlValue = string | number | boolean | null;

/** Direction of a stored procedure argument's value. */
export type SqlArgumentDirection = "in" | "out" | "inout";

/** Type of an `out` or `inout` argument, which SQL Server and Oracle need to declare the bind. */
export type SqlArgumentType = "string" | "number" | "boolean";

/** One argument of a stored procedure call, in the procedure's order. */
export interface SqlArgument {
  readonly name: string;
  readonly direction: SqlArgumentDirection;
  readonly type: SqlArgumentType;
  /** Value of an `in` or `inout` argument; absent for `out`. */
  readonly value?: SqlValue;
}

/** A statement with `:name` parameters, whose rows come back as objects keyed by column name. */
export interface SqlStatementRequest {
  readonly mode: "statement";
  /** Name of the tenant's database connector. */
  readonly connector: string;
  /** SQL text with `:name` placeholders; see parseSqlParameters. */
  readonly sql: string;
  /** Values by parameter name; every placeholder has one. */
  readonly parameters: Readonly<Record<string, SqlValue>>;
  /** Rows kept; further rows are dropped and `truncated` is set. */
  readonly maxRows: number;
  /** Limit of the query in milliseconds; the runtime cancels it on the server when it passes. */
  readonly timeoutMs: number;
}

/** A stored procedure call with in, out and inout arguments. */
export interface SqlProcedureRequest {
  readonly mode: "procedure";
  readonly connector: string;
  /** Procedure name, optionally qualified by schema (`bank.get_balance`). */
  readonly procedure: string;
  readonly arguments: readonly SqlArgument[];
  readonly maxRows: number;
  readonly timeoutMs: number;
}

export type SqlRequest = SqlStatementRequest | SqlProcedureRequest;

/** Result of a statement or procedure. */
export interface SqlResult {
  /** Rows of the first result set, at most `maxRows`, keyed by column name. */
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** True when the result had more than `maxRows` rows. */
  readonly truncated: boolean;
  /** Rows the statement changed, for INSERT, UPDATE and DELETE; otherwise the number of rows returned. */
  readonly affectedRows: number;
  /** Values of `out` and `inout` arguments by name; empty for a statement. */
  readonly out: Readonly<Record<string, unknown>>;
}

/** Context of one request: the caller's hang-up signal and the node's logger. */
export interface SqlRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** SQL against the tenant's database connectors, through the platform's egress guard. */
export interface SqlService {
  /** Runs the statement or procedure on the connector's pool; rejects on timeout, bad SQL or a blocked host. */
  query(request: SqlRequest, context: SqlRequestContext): Promise<SqlResult>;
}

/** Key of the {@link SqlService} in `NodeContext.services`. */
export const SQL_SERVICE: ServiceKey<SqlService> = { name: "sql" };
