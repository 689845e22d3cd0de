import type { SqlRequest, SqlResult } from "@callflow/nodes";
import { silentLogger } from "@callflow/sdk";

import { MemoryConnectorDirectory, type Connector } from "../../../src/connectors/connector-directory.js";
import type { DatabaseDriver, PoolTarget } from "../../../src/connectors/database/database-driver.js";
import { GuardedSqlService } from "../../../src/connectors/database/guarded-sql-service.js";
import { MemorySecretStore, type Secret } from "../../../src/connectors/secrets.js";
import { EgressGuard } from "../../../src/egress/egress-guard.js";
import { fakeLookup } from "../../egress/fake-lookup.js";

/** A driver that opens no connection: it records the pools it was asked for and returns `rows`. */
function recordingDriver(rows: Array<Record<string, unknown>> = []) {
  const targets: PoolTarget[] = [];
  let closed = 0;
  const driver: DatabaseDriver = {
    async createPool(target) {
      targets.push(target);
      return {
        run: async (): Promise<SqlResult> => ({ rows, truncated: false, affectedRows: rows.length, out: {} }),
        close: async () => {
          closed++;
        },
      };
    },
    describeFailure: (error) => ({ kind: "query", detail: String(error) }),
  };

  return { driver, targets, closedPools: () => closed };
}

const names = fakeLookup({ "core.bank.example": ["8.8.4.4"], "core.bank.internal": ["10.20.0.5"], "metadata.internal": ["169.254.169.254"] });

function service(connectors: Connector[], secrets: Record<string, Secret>, driver: DatabaseDriver, allow: string[] = []): GuardedSqlService {
  return new GuardedSqlService({
    guard: new EgressGuard({ allow, lookup: names.lookup }),
    connectors: new MemoryConnectorDirectory(connectors),
    secrets: new MemorySecretStore(secrets),
    drivers: { postgres: driver },
  });
}

const login: Record<string, Secret> = { login: { type: "basic", username: "ivr", password: "pw" } };
const connector = (host: string, extra: Record<string, unknown> = {}): Connector => ({ name: "core-banking", kind: "database", settings: { driver: "postgres", host, database: "banking", ...extra }, secret: "login" });
const request: SqlRequest = { mode: "statement", connector: "core-banking", sql: "select :x as x", parameters: { x: 1 }, maxRows: 10, timeoutMs: 1000 };
const context = { signal: new AbortController().signal, log: silentLogger };

describe("GuardedSqlService", () => {
  test("blocks a private host unopened", async () => {
    const recording = recordingDriver();
    const sql = service([connector("core.bank.internal")], login, recording.driver);

    await expect(sql.query(request, context)).rejects.toMatchObject({ code: "egress-blocked" });
    await expect(sql.query(request, context)).rejects.toThrow("connection to core.bank.internal:5432 (10.20.0.5) blocked: 10.20.0.5 is a private address");
    expect(recording.targets).toEqual([]);
  });

  test("blocks a metadata address", async () => {
    const recording = recordingDriver();
    const sql = service([connector("metadata.internal")], login, recording.driver, ["169.254.0.0/16"]);

    await expect(sql.query(request, context)).rejects.toMatchObject({ code: "egress-blocked" });
    expect(recording.targets).toEqual([]);
  });

  test("allow-list permits a private host", async () => {
    const recording = recordingDriver([{ x: 1 }]);
    const sql = service([connector("core.bank.internal")], login, recording.driver, ["10.20.0.0/16"]);

    const result = await sql.query(request, context);

    expect(result.rows).toEqual([{ x: 1 }]);
    expect(recording.targets[0].address).toBe("10.20.0.5");
  });

  test("pool connects to the checked address", async () => {
    const recording = recordingDriver();
    const sql = service([connector("core.bank.example", { port: 6432, poolSize: 8 })], login, recording.driver);

    await sql.query(request, context);

    expect(recording.targets).toEqual([
      { host: "core.bank.example", address: "8.8.4.4", port: 6432, database: "banking", user: "ivr", password: "pw", ssl: false, poolSize: 8, connectTimeoutMs: 5000 },
    ]);
  });

  test("one pool per connector", async () => {
    const recording = recordingDriver();
    const sql = service([connector("core.bank.example")], login, recording.driver);

    await Promise.all([sql.query(request, context), sql.query(request, context)]);
    await sql.query(request, context);

    expect(recording.targets).toHaveLength(1);
  });

  test("new password opens a new pool", async () => {
    const recording = recordingDriver();
    const secrets = new Map<string, Secret>([["login", { type: "basic", username: "ivr", password: "old" }]]);
    const sql = new GuardedSqlService({
      guard: new EgressGuard({ lookup: names.lookup }),
      connectors: new MemoryConnectorDirectory([connector("core.bank.example")]),
      secrets: { read: async (name) => secrets.get(name) },
      drivers: { postgres: recording.driver },
    });

    await sql.query(request, context);
    secrets.set("login", { type: "basic", username: "ivr", password: "new" });
    await sql.query(request, context);
    await new Promise((resolve) => setImmediate(resolve));

    expect(recording.targets.map((target) => target.password)).toEqual(["old", "new"]);
    expect(recording.closedPools()).toBe(1);
  });

  test("close closes every pool", async () => {
    const recording = recordingDriver();
    const sql = service([connector("core.bank.example")], login, recording.driver);

    await sql.query(request, context);
    await sql.close();

    expect(recording.closedPools()).toBe(1);
  });

  test("rows become JSON values", async () => {
    const recording = recordingDriver([{ opened: new Date("2026-12-07T02:00:00Z"), id: 12n, photo: Buffer.from("hi") }]);
    const sql = service([connector("core.bank.example")], login, recording.driver);

    const result = await sql.query(request, context);

    expect(result.rows).toEqual([{ opened: "2026-12-07T02:00:00.000Z", id: "12", photo: "aGk=" }]);
  });

  test.each([
    ["no secret", { ...connector("core.bank.example"), secret: undefined }, login, 'database connector "core-banking": names no secret'],
    ["a missing secret", connector("core.bank.example"), {}, 'secret "login" is not found'],
    ["a bearer secret", connector("core.bank.example"), { login: { type: "bearer", token: "t" } } as Record<string, Secret>, "a database needs a basic secret"],
  ])("rejects %s", async (_case, definition, secrets, message) => {
    const sql = service([definition], secrets, recordingDriver().driver);

    await expect(sql.query(request, context)).rejects.toMatchObject({ code: "sql-secret-invalid" });
    await expect(sql.query(request, context)).rejects.toThrow(message);
  });

  test("rejects invalid settings", async () => {
    const sql = service([connector("core.bank.example", { driver: "db2" })], login, recordingDriver().driver);

    await expect(sql.query(request, context)).rejects.toThrow('database connector "core-banking": has invalid settings (driver: a driver: postgres, mysql, sqlserver, oracle)');
  });

  test("rejects a connector of another kind", async () => {
    const sql = service([{ name: "core-banking", kind: "http", settings: {} }], login, recordingDriver().driver);

    await expect(sql.query(request, context)).rejects.toMatchObject({ code: "connector-not-found" });
  });
});
