import type { SqlArgumentType, SqlProcedureRequest, SqlRequest, SqlResult, SqlStatementRequest } from "@callflow/nodes";

import { limitRows, type DatabaseDriver, type DatabasePool, type PoolTarget } from "./database-driver.js";
import { bindColonNames } from "./sql-binding.js";
import type { DriverFailure } from "./sql-errors.js";

/** The part of the `oracledb` package this driver uses, so that tests can watch what it receives. */
export interface OracleModule {
  createPool(config: Record<string, unknown>): Promise<OraclePool>;
  OUT_FORMAT_OBJECT: unknown;
  BIND_IN: unknown;
  BIND_OUT: unknown;
  BIND_INOUT: unknown;
  STRING: unknown;
  NUMBER: unknown;
  DB_TYPE_BOOLEAN: unknown;
}

export interface OraclePool {
  getConnection(): Promise<OracleConnection>;
  close(drainSeconds?: number): Promise<void>;
}

export interface OracleConnection {
  callTimeout: number;
  execute(sql: string, binds: Record<string, unknown>, options: Record<string, unknown>): Promise<OracleResult>;
  close(): Promise<void>;
}

export interface OracleResult {
  rows?: Record<string, unknown>[];
  rowsAffected?: number;
  outBinds?: Record<string, unknown>;
  implicitResults?: Record<string, unknown>[][];
}

// ORA-01017 invalid username/password; DPY-4011 and DPY-6005 connection failures; DPY-4024 and
// ORA-03156 call timeout (python-oracledb and node-oracledb thin mode share the DPY codes).
const AUTH_ERRORS = /ORA-01017/;
const CONNECT_ERRORS = /DPY-6005|DPY-4011|DPY-6000|DPY-6001|NJS-503|NJS-500|ECONNREFUSED/;
const TIMEOUT_ERRORS = /DPY-4024|ORA-03156|NJS-123|call timeout/i;

/**
 * Oracle Database through `oracledb` in thin mode (no Oracle Client libraries), loaded on first
 * use. Placeholders stay `:name` binds; `callTimeout` bounds each call on the connection.
 */
export function oracleDriver(load: () => Promise<OracleModule> = loadOracledb): DatabaseDriver {
  return {
    async createPool(target) {
      const oracledb = await load();
      const pool = await oracledb.createPool(poolConfig(target));

      return new OracleDatabasePool(oracledb, pool);
    },

    describeFailure(error) {
      const message = String((error as { message?: string }).message ?? error);

      if (TIMEOUT_ERRORS.test(message)) return { kind: "timeout", detail: message };
      if (AUTH_ERRORS.test(message)) return { kind: "auth", detail: message };
      if (CONNECT_ERRORS.test(message)) return { kind: "connect", detail: message };
      return { kind: "query", detail: message } satisfies DriverFailure;
    },
  };
}

async function loadOracledb(): Promise<OracleModule> {
  // A non-literal specifier, because the package ships no type declarations.
  const name = "oracledb";
  const module = (await import(name)) as OracleModule & { default?: OracleModule };

  return module.default ?? module;
}

// NOTE: with ssl the connect string uses tcps to the checked address. No test has checked that
// the certificate is then matched against the configured host name.
function poolConfig(target: PoolTarget): Record<string, unknown> {
  const protocol = target.ssl === false ? "tcp" : "tcps";
  const address = target.address.includes(":") ? `[${target.address}]` : target.address;

  return {
    user: target.user,
    password: target.password,
    connectString: `${protocol}://${address}:${target.port}/${target.database}`,
    poolMin: 0,
    poolMax: target.poolSize,
    connectTimeout: Math.ceil(target.connectTimeoutMs / 1000),
    sslServerDNMatch: target.ssl !== false,
  };
}

class OracleDatabasePool implements DatabasePool {
  constructor(
    private readonly oracledb: OracleModule,
    private readonly pool: OraclePool,
  ) {}

  async run(request: SqlRequest): Promise<SqlResult> {
    const connection = await this.pool.getConnection();

    try {
      connection.callTimeout = request.timeoutMs;
      return request.mode === "procedure" ? await this.call(connection, request) : await this.statement(connection, request);
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    await this.pool.close(0);
  }

  private async statement(connection: OracleConnection, request: SqlStatementRequest): Promise<SqlResult> {
    const { sql, binds } = bindColonNames(request.sql, request.parameters);
    // One row beyond the limit shows whether the result was cut.
    const result = await connection.execute(sql, binds, { outFormat: this.oracledb.OUT_FORMAT_OBJECT, maxRows: request.maxRows + 1 });
    const limited = limitRows(result.rows ?? [], request.maxRows);

    return { ...limited, affectedRows: result.rows ? result.rows.length : (result.rowsAffected ?? 0), out: {} };
  }

  private async call(connection: OracleConnection, request: SqlProcedureRequest): Promise<SqlResult> {
    const binds: Record<string, unknown> = {};

    for (const argument of request.arguments) {
      if (argument.direction === "in") binds[argument.name] = { dir: this.oracledb.BIND_IN, val: argument.value ?? null };
      else if (argument.direction === "out") binds[argument.name] = { dir: this.oracledb.BIND_OUT, type: this.typeOf(argument.type) };
      else binds[argument.name] = { dir: this.oracledb.BIND_INOUT, type: this.typeOf(argument.type), val: argument.value ?? null };
    }
    const placeholders = request.arguments.map((argument) => `:${argument.name}`).join(", ");
    // The procedure and argument names matched the node schema's identifier pattern, so they are safe in the SQL text.
    const result = await connection.execute(`begin ${request.procedure}(${placeholders}); end;`, binds, { outFormat: this.oracledb.OUT_FORMAT_OBJECT });
    const limited = limitRows(result.implicitResults?.[0] ?? [], request.maxRows);
    const out: Record<string, unknown> = {};

    for (const argument of request.arguments) if (argument.direction !== "in") out[argument.name] = result.outBinds?.[argument.name] ?? null;
    return { ...limited, affectedRows: limited.rows.length, out };
  }

  private typeOf(type: SqlArgumentType): unknown {
    if (type === "number") return this.oracledb.NUMBER;
    if (type === "boolean") return this.oracledb.DB_TYPE_BOOLEAN;
    return this.oracledb.STRING;
  }
}
