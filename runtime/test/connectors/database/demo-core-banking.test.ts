import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createConnector, putSecret, readSecretValue, findConnectorByName } from "@callflow/db";
import pg from "pg";

import { demoCoreBankingAllowList } from "../../../src/store/demo-core-banking.js";
import { startPlatform, type PlatformHandle } from "../../../src/store/start-platform.js";
import { runTestCall } from "../../../src/store/test-call.js";
import { createTenant } from "../../store/support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "../../store/support/test-postgres.js";

jest.setTimeout(60_000);

const EXAMPLES = path.join(__dirname, "..", "..", "..", "..", "examples");
const BALANCE_CALL = "1@4s,1@9s,1234567890#@14s,7890@24s";

let database: StoreTestDatabase;
let dataDir: string;
let platform: PlatformHandle;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  // Stopping the server ends connections that pg-pool is still closing; that error is expected then.
  database.owner.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") throw error;
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "callflow-demo-bank-"));
  platform = await startPlatform({ dataDir, examplesDir: EXAMPLES, env: { DATABASE_URL: database.url, CALLFLOW_API_PORT: "0" }, print: () => undefined });
});

afterAll(async () => {
  const bankDatabase = platform?.seeded?.coreBankingDatabase;

  await platform?.shutdown();
  if (bankDatabase !== undefined) {
    await database.owner.query(`drop database if exists ${bankDatabase} with (force)`);
    await database.owner.query(`drop role if exists ${bankDatabase}`);
  }
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("demo core-banking database", () => {
  test("balance call speaks the stored balance", async () => {
    const call = await runTestCall(platform.store, { number: "0800 123 456", input: BALANCE_CALL, timeZone: "Asia/Taipei" });

    expect(call.record.outcome).toBe("completed");
    expect(call.channel.played.map((prompt) => prompt.text)).toContain("您尾號7890的帳戶，可用餘額為新臺幣52,300元。");
  });

  test("balance follows the database", async () => {
    const seeded = platform.seeded!;
    const login = await platform.store.db.withTenant(seeded.tenantId, (scope) => readSecretValue(scope, "core-banking-login"));
    const bank = new pg.Client({ connectionString: new URL(`/${seeded.coreBankingDatabase}`, database.url).href });

    await bank.connect();
    await bank.query("update accounts set balance = 777 where account_no = '1234567890'");
    await bank.end();
    const call = await runTestCall(platform.store, { number: "0800 123 456", input: BALANCE_CALL, timeZone: "Asia/Taipei" });

    expect(login).toMatchObject({ type: "basic", username: seeded.coreBankingDatabase });
    expect(call.channel.played.map((prompt) => prompt.text)).toContain("您尾號7890的帳戶，可用餘額為新臺幣777元。");
  });

  test("connector login is not a superuser", async () => {
    const seeded = platform.seeded!;

    const role = await database.owner.query("select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = $1", [seeded.coreBankingDatabase]);

    expect(role.rows).toEqual([{ rolsuper: false, rolcreatedb: false, rolcreaterole: false }]);
  });

  test("connector login cannot read platform tables", async () => {
    const seeded = platform.seeded!;
    const login = await platform.store.db.withTenant(seeded.tenantId, (scope) => readSecretValue(scope, "core-banking-login"));
    const url = new URL(database.url);
    const client = new pg.Client({ host: "127.0.0.1", port: Number(url.port), database: url.pathname.slice(1), user: seeded.coreBankingDatabase, password: (login as { password: string }).password });

    await client.connect();
    const read = client.query("select count(*) from tenants").then(
      () => "read",
      (error: Error) => error.message,
    );
    const outcome = await read;
    await client.end();

    expect(outcome).toBe("permission denied for table tenants");
  });

  test("only the demo tenant is allowed", async () => {
    const seeded = platform.seeded!;
    const other = await createTenant(platform.store.db, "copycat-bank");
    const connector = await platform.store.db.withTenant(seeded.tenantId, (scope) => findConnectorByName(scope, "core-banking"));

    // Another tenant that copies the demo connector's settings does not get its allow-list entry.
    await platform.store.db.withTenant(other.tenantId, async (scope) => {
      await putSecret(scope, { userId: other.userId }, "core-banking-login", { type: "basic", username: "guess", password: "guess" });
      await createConnector(scope, { userId: other.userId }, { name: "core-banking", kind: "database", settings: { ...connector!.settings, database: "somewhere_else" }, secret: "core-banking-login" });
    });
    const allowed = await demoCoreBankingAllowList(platform.store.db, undefined);
    const url = new URL(database.url);

    expect([...allowed.keys()]).toEqual([seeded.tenantId]);
    expect(allowed.get(seeded.tenantId)).toBe(`127.0.0.1:${url.port}`);
  });

  test("embedded port change moves the connector", async () => {
    const seeded = platform.seeded!;
    const url = new URL(database.url);

    const moved = await demoCoreBankingAllowList(platform.store.db, 6543);
    const connector = await platform.store.db.withTenant(seeded.tenantId, (scope) => findConnectorByName(scope, "core-banking"));
    await demoCoreBankingAllowList(platform.store.db, Number(url.port));

    expect(moved.get(seeded.tenantId)).toBe("127.0.0.1:6543");
    expect(connector?.settings.port).toBe(6543);
  });
});
