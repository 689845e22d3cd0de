import type { SqlRequest } from "@callflow/nodes";
import { silentLogger } from "@callflow/sdk";

import type { PoolTarget } from "../../../src/connectors/database/database-driver.js";
import { oracleDriver, type OracleModule, type OracleResult } from "../../../src/connectors/database/oracle-driver.js";
import { sqlServerDriver, type MssqlModule, type MssqlResult } from "../../../src/connectors/database/sqlserver-driver.js";

// These tests watch what the driver packages receive: SQL Server and Oracle servers cannot be
// installed on the build machines, so docs/connectors.md describes the check against real ones.

const target: PoolTarget = {
  host: "core.bank.example",
  address: "203.0.113.10",
  port: 1433,
  database: "banking",
  user: "ivr",
  password: "secret-password",
  ssl: { rejectUnauthorized: true },
  poolSize: 3,
  connectTimeoutMs: 4000,
};

const statement: SqlRequest = {
  mode: "statement",
  connector: "core-banking",
  sql: "select balance from accounts where account_no = :accountNo and branch = :branch or owner = :accountNo",
  parameters: { accountNo: "1; DROP TABLE accounts", branch: 7 },
  maxRows: 2,
  timeoutMs: 3000,
};

const procedure: SqlRequest = {
  mode: "procedure",
  connector: "core-banking",
  procedure: "bank.get_balance",
  arguments: [
    { name: "accountNo", direction: "in", type: "string", value: "1234567890" },
    { name: "balance", direction: "out", type: "number" },
    { name: "currency", direction: "inout", type: "string", value: "TWD" },
  ],
  maxRows: 10,
  timeoutMs: 3000,
};

interface MssqlCall {
  method: string;
  args: unknown[];
}

/** A stand-in for the `mssql` package that records each call and returns `result`. */
function recordingMssql(result: MssqlResult): { module: MssqlModule; pools: Array<Record<string, unknown>>; calls: MssqlCall[] } {
  const pools: Array<Record<string, unknown>> = [];
  const calls: MssqlCall[] = [];
  const request = {
    input: (...args: unknown[]) => calls.push({ method: "input", args }),
    output: (...args: unknown[]) => calls.push({ method: "output", args }),
    query: async (...args: unknown[]) => (calls.push({ method: "query", args }), result),
    execute: async (...args: unknown[]) => (calls.push({ method: "execute", args }), result),
    cancel: () => calls.push({ method: "cancel", args: [] }),
  };
  class ConnectionPool {
    constructor(config: Record<string, unknown>) {
      pools.push(config);
    }

    async connect() {}

    request() {
      return request;
    }

    async close() {}
  }

  return { module: { ConnectionPool, NVarChar: "NVarChar", Float: "Float", Bit: "Bit" }, pools, calls };
}

/** A stand-in for the `oracledb` package that records each call and returns `result`. */
function recordingOracledb(result: OracleResult) {
  const pools: Array<Record<string, unknown>> = [];
  const executions: Array<{ sql: string; binds: Record<string, unknown>; options: Record<string, unknown>; callTimeout: number }> = [];
  const module: OracleModule = {
    OUT_FORMAT_OBJECT: "OBJECT",
    BIND_IN: "IN",
    BIND_OUT: "OUT",
    BIND_INOUT: "INOUT",
    STRING: "STRING",
    NUMBER: "NUMBER",
    DB_TYPE_BOOLEAN: "BOOLEAN",
    async createPool(config) {
      pools.push(config);
      return {
        async getConnection() {
          const connection = {
            callTimeout: 0,
            async execute(sql: string, binds: Record<string, unknown>, options: Record<string, unknown>) {
              executions.push({ sql, binds, options, callTimeout: connection.callTimeout });
              return result;
            },
            async close() {},
          };

          return connection;
        },
        async close() {},
      };
    },
  };

  return { module, pools, executions };
}

describe("SQL Server driver", () => {
  test("pool connects to the checked address", async () => {
    const mssql = recordingMssql({ recordset: [], rowsAffected: [0], output: {} });

    await sqlServerDriver(async () => mssql.module).createPool(target);

    expect(mssql.pools[0]).toMatchObject({
      server: "203.0.113.10",
      port: 1433,
      database: "banking",
      user: "ivr",
      password: "secret-password",
      pool: { max: 3, min: 0 },
      connectionTimeout: 4000,
      options: { encrypt: true, trustServerCertificate: false, serverName: "core.bank.example" },
    });
  });

  test("statement binds @name inputs", async () => {
    const mssql = recordingMssql({ recordset: [{ balance: 1 }, { balance: 2 }, { balance: 3 }], rowsAffected: [3], output: {} });
    const pool = await sqlServerDriver(async () => mssql.module).createPool(target);

    const result = await pool.run(statement, silentLogger);

    expect(mssql.calls).toEqual([
      { method: "input", args: ["accountNo", "1; DROP TABLE accounts"] },
      { method: "input", args: ["branch", 7] },
      { method: "query", args: ["select balance from accounts where account_no = @accountNo and branch = @branch or owner = @accountNo"] },
    ]);
    expect(result.rows).toEqual([{ balance: 1 }, { balance: 2 }]);
    expect(result.truncated).toBe(true);
  });

  test("procedure declares outputs", async () => {
    const mssql = recordingMssql({ recordset: undefined, rowsAffected: [], output: { balance: 52300, currency: "TWD" } });
    const pool = await sqlServerDriver(async () => mssql.module).createPool(target);

    const result = await pool.run(procedure, silentLogger);

    expect(mssql.calls).toEqual([
      { method: "input", args: ["accountNo", "1234567890"] },
      { method: "output", args: ["balance", "Float", undefined] },
      { method: "output", args: ["currency", "NVarChar", "TWD"] },
      { method: "execute", args: ["bank.get_balance"] },
    ]);
    expect(result.out).toEqual({ balance: 52300, currency: "TWD" });
  });

  test("login failure is an auth failure", () => {
    const failure = sqlServerDriver().describeFailure(Object.assign(new Error("Login failed for user 'ivr'."), { code: "ELOGIN", number: 18456 }));

    expect(failure).toEqual({ kind: "auth", detail: "Login failed for user 'ivr'. (error 18456)" });
  });
});

describe("Oracle driver", () => {
  test("pool connects to the checked address", async () => {
    const oracle = recordingOracledb({ rows: [] });

    await oracleDriver(async () => oracle.module).createPool({ ...target, port: 1521, ssl: false });

    expect(oracle.pools[0]).toMatchObject({ user: "ivr", password: "secret-password", connectString: "tcp://203.0.113.10:1521/banking", poolMin: 0, poolMax: 3, connectTimeout: 4 });
  });

  test("statement keeps named binds", async () => {
    const oracle = recordingOracledb({ rows: [{ BALANCE: 1 }] });
    const pool = await oracleDriver(async () => oracle.module).createPool(target);

    const result = await pool.run(statement, silentLogger);

    expect(oracle.executions).toEqual([
      {
        sql: "select balance from accounts where account_no = :accountNo and branch = :branch or owner = :accountNo",
        binds: { accountNo: "1; DROP TABLE accounts", branch: 7 },
        options: { outFormat: "OBJECT", maxRows: 3 },
        callTimeout: 3000,
      },
    ]);
    expect(result.rows).toEqual([{ BALANCE: 1 }]);
  });

  test("procedure binds directions", async () => {
    const oracle = recordingOracledb({ outBinds: { balance: 52300, currency: "TWD" } });
    const pool = await oracleDriver(async () => oracle.module).createPool(target);

    const result = await pool.run(procedure, silentLogger);

    expect(oracle.executions[0].sql).toBe("begin bank.get_balance(:accountNo, :balance, :currency); end;");
    expect(oracle.executions[0].binds).toEqual({
      accountNo: { dir: "IN", val: "1234567890" },
      balance: { dir: "OUT", type: "NUMBER" },
      currency: { dir: "INOUT", type: "STRING", val: "TWD" },
    });
    expect(result.out).toEqual({ balance: 52300, currency: "TWD" });
  });

  test("wrong password is an auth failure", () => {
    const failure = oracleDriver().describeFailure(new Error("ORA-01017: invalid username/password; logon denied"));

    expect(failure.kind).toBe("auth");
  });
});
