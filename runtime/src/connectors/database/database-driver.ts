import type { SqlRequest, SqlResult } from "@callflow/nodes";
import type { Logger } from "@callflow/sdk";

import type { DriverFailure } from "./sql-errors.js";

/** Destination and login of a pool. Drivers connect only to `address`, which passed the egress guard. */
export interface PoolTarget {
  /** Host as configured, for TLS certificate checks and messages. */
  readonly host: string;
  /** The checked IP address to connect to. */
  readonly address: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly ssl: false | { readonly rejectUnauthorized: boolean; readonly ca?: string };
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
}

/** Connections of one connector, kept open between queries. */
export interface DatabasePool {
  /** Runs one statement or procedure call within `request.timeoutMs`, cancelling it on the server when time runs out. */
  run(request: SqlRequest, log: Logger): Promise<SqlResult>;
  /** Closes every connection; queries in flight fail. */
  close(): Promise<void>;
}

/** One SQL driver behind the service: how to open a pool and how to read its errors. */
export interface DatabaseDriver {
  createPool(target: PoolTarget): Promise<DatabasePool>;
  /** Sorts a driver error into a kind with a message that carries no password. */
  describeFailure(error: unknown): DriverFailure;
}

/** Raised by a pool when a query passes its time limit, after it asked the server to cancel it. */
export class QueryTimeoutError extends Error {
  readonly code = "query-timeout";

  constructor(timeoutMs: number) {
    super(`query timed out after ${timeoutMs} ms`);
    this.name = "QueryTimeoutError";
  }
}

/**
 * Keeps the first `maxRows` rows and reports whether any were dropped.
 * NOTE: the PostgreSQL and MySQL drivers receive the whole result before this cuts it, so
 * `maxRows` bounds what a flow gets, not the memory a large result takes on its way.
 */
export function limitRows<Row>(rows: readonly Row[], maxRows: number): { rows: Row[]; truncated: boolean } {
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}
