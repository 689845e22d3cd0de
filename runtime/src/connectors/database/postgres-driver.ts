import type { SqlProcedureRequest, SqlRequest, SqlResult, SqlStatementRequest } from "@callflow/nodes";
import type { Logger } from "@callflow/sdk";
import type { Pool, PoolClient } from "pg";

import { limitRows, QueryTimeoutError, type DatabaseDriver, type DatabasePool } from "./database-driver.js";
import { bindNumbered } from "./sql-binding.js";
import type { DriverFailure } from "./sql-errors.js";
import { tlsOptionsFor } from "./tls-options.js";

// How long after the server-side statement_timeout the client gives up on its own, for a
// server or network that never returns the cancellation error.
const CLIENT_GRACE_MS = 2000;

const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "3D000"]);

/** PostgreSQL through `pg`, loaded on first use. The server cancels a query at its statement_timeout. */
export const postgresDriver: DatabaseDriver = {
  async createPool(target) {
    const pg = await import("pg");
    const Pool = (pg.default ?? pg).Pool;
    const pool = new Pool({
      host: target.address,
      port: target.port,
      database: target.database,
      user: target.user,
      password: target.password,
      ssl: tlsOptionsFor(target) ?? false,
      max: target.poolSize,
      connectionTimeoutMillis: target.connectTimeoutMs,
      application_name: "callflow",
    });

    return new PostgresPool(pool);
  },

  describeFailure(error) {
    const { code, message } = error as { code?: string; message?: string };
    const detail = code && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : String(message ?? error);

    if (error instanceof QueryTimeoutError || code === "57014") return { kind: "timeout", detail };
    if (code === "28P01" || code === "28000") return { kind: "auth", detail };
    if ((code !== undefined && CONNECT_ERRORS.has(code)) || /timeout expired|connection timeout|Connection terminated/i.test(message ?? "")) return { kind: "connect", detail };
    return { kind: "query", detail } satisfies DriverFailure;
  },
};

class PostgresPool implements DatabasePool {
  // The statement_timeout each pooled connection has, so that it is set only when it changes.
  private readonly timeouts = new WeakMap<PoolClient, number>();
  private idleErrorLogger: Logger | undefined;

  constructor(private readonly pool: Pool) {
    // An idle connection that the server closes emits an error; without a listener it would
    // end the process.
    pool.on("error", (error) => this.idleErrorLogger?.warn({ err: error }, "idle database connection failed"));
  }

  async run(request: SqlRequest, log: Logger): Promise<SqlResult> {
    this.idleErrorLogger = log;
    const client = await this.pool.connect();
    let broken = false;

    try {
      if (this.timeouts.get(client) !== request.timeoutMs) {
        // The value is an integer from the node's schema, so it is safe in the SQL text.
        await client.query(`set statement_timeout = ${Math.trunc(request.timeoutMs)}`);
        this.timeouts.set(client, request.timeoutMs);
      }
      return request.mode === "procedure" ? await this.call(client, request) : await this.statement(client, request);
    } catch (error) {
      broken = error instanceof QueryTimeoutError;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async statement(client: PoolClient, request: SqlStatementRequest): Promise<SqlResult> {
    const { text, values } = bindNumbered(request.sql, request.parameters);
    const result = await query(client, text, values, request.timeoutMs);
    const limited = limitRows(result.rows, request.maxRows);

    return { ...limited, affectedRows: result.rowCount ?? result.rows.length, out: {} };
  }

  // CALL returns one row with the out and inout arguments, by their declared names; an out
  // argument is passed as NULL.
  private async call(client: PoolClient, request: SqlProcedureRequest): Promise<SqlResult> {
    const values: unknown[] = [];
    const placeholders = request.arguments.map((argument) => {
      if (argument.direction === "out") return "null";
      values.push(argument.value ?? null);
      return `$${values.length}`;
    });
    // The procedure name matched the node schema's identifier pattern, so it is safe in the SQL text.
    const result = await query(client, `call ${request.procedure}(${placeholders.join(", ")})`, values, request.timeoutMs);

    return { rows: [], truncated: false, affectedRows: 0, out: outArguments(request, result.rows[0]) };
  }
}

async function query(client: PoolClient, text: string, values: unknown[], timeoutMs: number): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }> {
  try {
    return await client.query({ text, values, query_timeout: timeoutMs + CLIENT_GRACE_MS } as never);
  } catch (error) {
    if ((error as Error).message === "Query read timeout") throw new QueryTimeoutError(timeoutMs);
    throw error;
  }
}

// PostgreSQL folds unquoted names to lower case, so an argument named accountNo comes back as accountno.
function outArguments(request: SqlProcedureRequest, row: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};

  for (const argument of request.arguments) {
    if (argument.direction === "in") continue;
    const column = row === undefined ? undefined : Object.keys(row).find((key) => key.toLowerCase() === argument.name.toLowerCase());

    out[argument.name] = column === undefined ? null : row![column];
  }
  return out;
}
