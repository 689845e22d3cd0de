import type { SqlArgumentType, SqlProcedureRequest, SqlRequest, SqlResult, SqlStatementRequest } from "@callflow/nodes";

import { limitRows, QueryTimeoutError, type DatabaseDriver, type DatabasePool, type PoolTarget } from "./database-driver.js";
import { bindAtNames } from "./sql-binding.js";
import type { DriverFailure } from "./sql-errors.js";

/** The part of the `mssql` package this driver uses, so that tests can watch what it receives. */
export interface MssqlModule {
  ConnectionPool: new (config: Record<string, unknown>) => MssqlConnectionPool;
  NVarChar: unknown;
  Float: unknown;
  Bit: unknown;
}

export interface MssqlConnectionPool {
  connect(): Promise<unknown>;
  request(): MssqlRequest;
  close(): Promise<unknown>;
}

export interface MssqlRequest {
  input(name: string, value: unknown): unknown;
  output(name: string, type: unknown, value?: unknown): unknown;
  query(sql: string): Promise<MssqlResult>;
  execute(procedure: string): Promise<MssqlResult>;
  cancel(): void;
}

export interface MssqlResult {
  recordset?: Record<string, unknown>[];
  rowsAffected: number[];
  output: Record<string, unknown>;
}

// The pool's own request limit is a backstop; each request is cancelled at the node's timeoutMs.
const POOL_REQUEST_TIMEOUT_MS = 65_000;
const AUTH_ERRORS = new Set([18456]);

/**
 * SQL Server through `mssql` (tedious), loaded on first use. Parameters are `@name` inputs, sent
 * apart from the SQL text; a request still running at its timeout is cancelled.
 */
export function sqlServerDriver(load: () => Promise<MssqlModule> = loadMssql): DatabaseDriver {
  return {
    async createPool(target) {
      const mssql = await load();
      const pool = new mssql.ConnectionPool(poolConfig(target));

      await pool.connect();
      return new SqlServerPool(mssql, pool);
    },

    describeFailure(error) {
      const { code, number, message } = error as { code?: string; number?: number; message?: string };
      const detail = number === undefined ? String(message ?? error) : `${message} (error ${number})`;

      if (error instanceof QueryTimeoutError || code === "ETIMEOUT" || code === "ECANCEL") return { kind: "timeout", detail };
      if ((number !== undefined && AUTH_ERRORS.has(number)) || code === "ELOGIN") return { kind: "auth", detail };
      if (code === "ESOCKET" || code === "ECONNCLOSED" || code === "ENOTOPEN") return { kind: "connect", detail };
      return { kind: "query", detail } satisfies DriverFailure;
    },
  };
}

async function loadMssql(): Promise<MssqlModule> {
  const module = (await import("mssql")) as unknown as MssqlModule & { default?: MssqlModule };

  return module.default ?? module;
}

// NOTE: the certificate check against the configured host name, on a connection to the checked
// IP address, relies on tedious's serverName option. No test covers it against a real SQL Server.
function poolConfig(target: PoolTarget): Record<string, unknown> {
  return {
    server: target.address,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    pool: { max: target.poolSize, min: 0 },
    connectionTimeout: target.connectTimeoutMs,
    requestTimeout: POOL_REQUEST_TIMEOUT_MS,
    options: {
      encrypt: target.ssl !== false,
      trustServerCertificate: target.ssl !== false && !target.ssl.rejectUnauthorized,
      serverName: target.host,
      cryptoCredentialsDetails: target.ssl !== false && target.ssl.ca ? { ca: target.ssl.ca } : undefined,
      appName: "callflow",
    },
  };
}

class SqlServerPool implements DatabasePool {
  constructor(
    private readonly mssql: MssqlModule,
    private readonly pool: MssqlConnectionPool,
  ) {}

  async run(request: SqlRequest): Promise<SqlResult> {
    const driverRequest = this.pool.request();

    return withCancel(driverRequest, request.timeoutMs, () => (request.mode === "procedure" ? this.call(driverRequest, request) : statement(driverRequest, request)));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async call(driverRequest: MssqlRequest, request: SqlProcedureRequest): Promise<SqlResult> {
    for (const argument of request.arguments) {
      if (argument.direction === "in") driverRequest.input(argument.name, argument.value ?? null);
      else driverRequest.output(argument.name, this.typeOf(argument.type), argument.direction === "inout" ? (argument.value ?? null) : undefined);
    }
    const result = await driverRequest.execute(request.procedure);
    const limited = limitRows(result.recordset ?? [], request.maxRows);
    const out: Record<string, unknown> = {};

    for (const argument of request.arguments) if (argument.direction !== "in") out[argument.name] = result.output[argument.name] ?? null;
    return { ...limited, affectedRows: sum(result.rowsAffected), out };
  }

  private typeOf(type: SqlArgumentType): unknown {
    if (type === "number") return this.mssql.Float;
    if (type === "boolean") return this.mssql.Bit;
    return this.mssql.NVarChar;
  }
}

async function statement(driverRequest: MssqlRequest, request: SqlStatementRequest): Promise<SqlResult> {
  const { sql, inputs } = bindAtNames(request.sql, request.parameters);

  for (const input of inputs) driverRequest.input(input.name, input.value);
  const result = await driverRequest.query(sql);
  const limited = limitRows(result.recordset ?? [], request.maxRows);

  return { ...limited, affectedRows: result.recordset ? result.recordset.length : sum(result.rowsAffected), out: {} };
}

async function withCancel<T>(driverRequest: MssqlRequest, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    driverRequest.cancel();
  }, timeoutMs);

  try {
    return await work();
  } catch (error) {
    if (timedOut) throw new QueryTimeoutError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
