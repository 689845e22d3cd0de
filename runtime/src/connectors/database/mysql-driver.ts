import type { SqlProcedureRequest, SqlRequest, SqlResult, SqlStatementRequest } from "@callflow/nodes";
import type { Logger } from "@callflow/sdk";
import type { Pool, PoolConnection, ResultSetHeader } from "mysql2/promise";

import { limitRows, QueryTimeoutError, type DatabaseDriver, type DatabasePool } from "./database-driver.js";
import { bindQuestionMarks } from "./sql-binding.js";
import type { DriverFailure } from "./sql-errors.js";
import { tlsOptionsFor } from "./tls-options.js";

// ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR.
const AUTH_ERRORS = new Set(["ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR"]);
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "PROTOCOL_CONNECTION_LOST", "ER_BAD_DB_ERROR"]);

/**
 * MySQL and MariaDB through `mysql2`, loaded on first use. Statements run as server-side
 * prepared statements, so values travel apart from the SQL text. On timeout the driver stops
 * waiting, this pool sends KILL QUERY to the server, and the connection is discarded.
 */
export const mysqlDriver: DatabaseDriver = {
  async createPool(target) {
    const mysql = await import("mysql2/promise");
    const pool = (mysql.default ?? mysql).createPool({
      host: target.address,
      port: target.port,
      database: target.database,
      user: target.user,
      password: target.password,
      ssl: tlsOptionsFor(target) as never,
      connectionLimit: target.poolSize,
      connectTimeout: target.connectTimeoutMs,
      // Dates and big numbers as text, so no time zone shift or precision loss happens on the way.
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
    });

    return new MysqlPool(pool);
  },

  describeFailure(error) {
    const { code, message, sqlMessage } = error as { code?: string; message?: string; sqlMessage?: string };
    const detail = code ? `${sqlMessage ?? message} (${code})` : String(message ?? error);

    if (error instanceof QueryTimeoutError || code === "PROTOCOL_SEQUENCE_TIMEOUT") return { kind: "timeout", detail };
    if (code !== undefined && AUTH_ERRORS.has(code)) return { kind: "auth", detail };
    if (code !== undefined && CONNECT_ERRORS.has(code)) return { kind: "connect", detail };
    return { kind: "query", detail } satisfies DriverFailure;
  },
};

class MysqlPool implements DatabasePool {
  constructor(private readonly pool: Pool) {}

  async run(request: SqlRequest, log: Logger): Promise<SqlResult> {
    const connection = await this.pool.getConnection();

    try {
      const result = request.mode === "procedure" ? await this.call(connection, request) : await this.statement(connection, request);

      connection.release();
      return result;
    } catch (error) {
      if (isTimeout(error)) {
        await this.killQuery(connection.threadId, log);
        connection.destroy();
        throw new QueryTimeoutError(request.timeoutMs);
      }
      connection.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async statement(connection: PoolConnection, request: SqlStatementRequest): Promise<SqlResult> {
    const { sql, values } = bindQuestionMarks(request.sql, request.parameters);
    const [result] = await connection.execute({ sql, values, timeout: request.timeoutMs });

    if (!Array.isArray(result)) return { rows: [], truncated: false, affectedRows: (result as ResultSetHeader).affectedRows, out: {} };
    const limited = limitRows(result as Record<string, unknown>[], request.maxRows);

    return { ...limited, affectedRows: result.length, out: {} };
  }

  // Out and inout arguments go through session variables (@callflow_arg_N), which a SELECT
  // reads after the CALL on the same connection.
  private async call(connection: PoolConnection, request: SqlProcedureRequest): Promise<SqlResult> {
    const values: unknown[] = [];
    const placeholders: string[] = [];
    const outputs: string[] = [];

    for (const [index, argument] of request.arguments.entries()) {
      const variable = `@callflow_arg_${index}`;

      if (argument.direction === "in") {
        placeholders.push("?");
        values.push(argument.value ?? null);
        continue;
      }
      await connection.execute({ sql: `set ${variable} = ?`, values: [argument.direction === "inout" ? (argument.value ?? null) : null], timeout: request.timeoutMs });
      placeholders.push(variable);
      // Argument names matched the node schema's identifier pattern, so they are safe as aliases.
      outputs.push(`${variable} as \`${argument.name}\``);
    }
    // The procedure name matched the node schema's identifier pattern, so it is safe in the SQL text.
    const [results] = await connection.execute({ sql: `call ${request.procedure}(${placeholders.join(", ")})`, values, timeout: request.timeoutMs });
    const firstSet = Array.isArray(results) && Array.isArray(results[0]) ? (results[0] as Record<string, unknown>[]) : [];
    const limited = limitRows(firstSet, request.maxRows);
    let out: Record<string, unknown> = {};

    if (outputs.length > 0) {
      const [rows] = await connection.query({ sql: `select ${outputs.join(", ")}`, timeout: request.timeoutMs });

      out = (rows as Record<string, unknown>[])[0] ?? {};
    }
    return { ...limited, affectedRows: firstSet.length, out };
  }

  // Stops the query on the server through another connection; the timed-out one is discarded either way.
  private async killQuery(threadId: number, log: Logger): Promise<void> {
    try {
      await this.pool.query("kill query ?", [threadId]);
    } catch (error) {
      log.warn({ err: error, threadId }, "could not cancel a timed-out MySQL query");
    }
  }
}

function isTimeout(error: unknown): boolean {
  return (error as { code?: string }).code === "PROTOCOL_SEQUENCE_TIMEOUT";
}
