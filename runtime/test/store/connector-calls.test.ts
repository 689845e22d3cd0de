import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createConnector, putSecret } from "@callflow/db";

import { TenantServices } from "../../src/connectors/tenant-services.js";
import type { ScriptSandbox } from "../../src/sandbox/script-sandbox.js";
import { DatabaseConnectorSource } from "../../src/store/database-connectors.js";
import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { runTestCall } from "../../src/store/test-call.js";
import { assignNumber, createPublishedFlow, createTenant, type TenantFixture } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";
import { scriptAndHttpFlow } from "../sandbox/support/script-and-http-flow.js";
import { createTestSandbox } from "../sandbox/support/test-sandbox.js";

jest.setTimeout(60_000);

interface Received {
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

let database: StoreTestDatabase;
let store: RuntimeStore;
let sandbox: ScriptSandbox;
let server: Server;
let baseUrl: string;
const received: Received[] = [];
const services: TenantServices[] = [];
let allowed: TenantFixture;
let blocked: TenantFixture;
let borrower: TenantFixture;

async function defineCrm(tenant: TenantFixture): Promise<void> {
  await store.db.withTenant(tenant.tenantId, async (scope) => {
    await putSecret(scope, { userId: tenant.userId }, "crm-login", { type: "basic", username: "ivr", password: "crm-password" });
    await createConnector(scope, { userId: tenant.userId }, { name: "crm", kind: "http", settings: { baseUrl: `${baseUrl}/api/`, headers: { "x-tenant": tenant.tenantId } }, secret: "crm-login" });
  });
}

beforeAll(async () => {
  database = await createStoreTestDatabase();
  store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
  server = createServer((request, response) => {
    received.push({ url: request.url, headers: request.headers });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ balance: 1234.5 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The CPU limit counts a segment's wall time, and the first run of a tenant also builds its
  // isolate: on a loaded machine that can pass the 50 ms default, which this test does not test.
  sandbox = createTestSandbox({ workers: 1, limits: { cpuTimeMs: 2000 } });

  allowed = await createTenant(store.db, "connector-allowed", { maxTestCalls: 10 });
  blocked = await createTenant(store.db, "connector-blocked", { maxTestCalls: 10 });
  borrower = await createTenant(store.db, "connector-borrower", { maxTestCalls: 10 });
  await defineCrm(allowed);
  await defineCrm(blocked);
  for (const [tenant, number] of [[allowed, "0800500001"], [blocked, "0800500002"], [borrower, "0800500003"]] as const) {
    await assignNumber(store.db, tenant, number, await createPublishedFlow(store.db, tenant, "balance", scriptAndHttpFlow));
  }

  // The test's own server is on 127.0.0.1, which the guard rejects unless the operator allows it,
  // so only the first tenant's services allow it.
  const source = new DatabaseConnectorSource(store.db);
  const open = new TenantServices({ sandbox, connectors: source, allow: ["127.0.0.1"] });
  const closed = new TenantServices({ sandbox, connectors: source });
  services.push(open, closed);
  store.setNodeServices((tenantId) => (tenantId === allowed.tenantId ? open : closed).for(tenantId));
});

afterAll(async () => {
  for (const entry of services) await entry.close();
  await sandbox?.close();
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  await database?.drop();
});

beforeEach(() => {
  received.length = 0;
});

describe("calls with connectors through the database store", () => {
  it("run a script and an HTTP connector", async () => {
    const { record } = await runTestCall(store, { number: "0800500001" });

    expect(record.outcome).toBe("completed");
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe("/api/customers/A-42");
    expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from("ivr:crm-password").toString("base64")}`);
    expect(received[0].headers["x-tenant"]).toBe(allowed.tenantId);
  });

  it("reject a loopback connector without allow-list", async () => {
    const { record } = await runTestCall(store, { number: "0800500002" });

    expect(record.outcome).not.toBe("completed");
    expect(received).toHaveLength(0);
  });

  it("do not resolve another tenant's connector", async () => {
    const { record } = await runTestCall(store, { number: "0800500003" });

    expect(record.outcome).not.toBe("completed");
    expect(received).toHaveLength(0);
  });
});
