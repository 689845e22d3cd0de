import { createConnector, putSecret } from "@callflow/db";
import { logicScriptNode } from "@callflow/nodes";
import { runNode } from "@callflow/sdk";

import { TenantServices } from "../../src/connectors/tenant-services.js";
import type { ScriptSandbox } from "../../src/sandbox/script-sandbox.js";
import { DatabaseConnectorSource } from "../../src/store/database-connectors.js";
import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "../connectors/support/local-http-server.js";
import { withServices } from "../connectors/support/with-services.js";
import { createTestSandbox } from "../sandbox/support/test-sandbox.js";
import { createTenant, type TenantFixture } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";

jest.setTimeout(60_000);

// Scripts name connectors that the database stores per tenant, behind row-level security. Two
// tenants define a connector of the same name with their own secret; a third defines none.
let database: StoreTestDatabase;
let store: RuntimeStore;
let sandbox: ScriptSandbox;
let crm: LocalHttpServer;
let services: TenantServices;
let first: TenantFixture;
let second: TenantFixture;
let stranger: TenantFixture;

const LOOKUP = { code: "const response = await host.http.get('whoami');\nreturn { tenant: response.body.tenant, authorization: response.body.authorization };", outputs: ["tenant", "authorization"], httpConnectors: ["crm"] };

async function defineCrm(tenant: TenantFixture, token: string): Promise<void> {
  await store.db.withTenant(tenant.tenantId, async (scope) => {
    await putSecret(scope, { userId: tenant.userId }, "crm-token", { type: "bearer", token });
    await createConnector(scope, { userId: tenant.userId }, { name: "crm", kind: "http", settings: { baseUrl: `${crm.origin}/api/`, headers: { "x-tenant": tenant.tenantId } }, secret: "crm-token" });
  });
}

beforeAll(async () => {
  database = await createStoreTestDatabase();
  store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
  crm = await startLocalHttpServer((request, response) => sendJson(response, 200, { tenant: request.headers["x-tenant"], authorization: request.headers.authorization }));
  // The CPU limit counts a segment's wall time, and the first run of a tenant also builds its
  // isolate: on a loaded machine that can pass the 50 ms default, which this test does not test.
  sandbox = createTestSandbox({ workers: 1, limits: { cpuTimeMs: 2000 } });
  first = await createTenant(store.db, "script-http-first");
  second = await createTenant(store.db, "script-http-second");
  stranger = await createTenant(store.db, "script-http-stranger");
  await defineCrm(first, "first-token");
  await defineCrm(second, "second-token");
  services = new TenantServices({ sandbox, connectors: new DatabaseConnectorSource(store.db), allow: [`127.0.0.1:${crm.port}`] });
});

afterAll(async () => {
  await services?.close();
  await sandbox?.close();
  await crm?.close();
  await store?.close();
  await database?.drop();
});

beforeEach(() => {
  crm.requests.length = 0;
});

describe("script HTTP connectors from the database", () => {
  test.each([
    ["first", () => first, "first-token"],
    ["second", () => second, "second-token"],
  ])("%s tenant gets its own connector", async (_name, tenant, token) => {
    const result = await runNode(withServices(logicScriptNode, services.for(tenant().tenantId)), LOOKUP);

    expect(result.port).toBe("next");
    expect(result.variables.tenant).toBe(tenant().tenantId);
    expect(result.variables.authorization).toBe(`Bearer ${token}`);
  });

  test("tenant without the connector is refused", async () => {
    const result = await runNode(withServices(logicScriptNode, services.for(stranger.tenantId)), LOOKUP);

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain('http connector "crm" is not found');
    expect(crm.requests).toHaveLength(0);
  });
});
