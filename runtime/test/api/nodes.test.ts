import { builtinNodes } from "@callflow/nodes";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createOperator, createTenant, createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let analystToken: string;
let hantToken: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  const tenantId = await createTenant(postgres.db, "Harbour Bank");
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, tenantId, "chan", ["supervisor"], { locale: "zh-Hant" });
  await createTenantUser(postgres.db, tenantId, "wong", ["agent"]);
  await createOperator(postgres.db, "ops", ["platform-admin"]);
  analystToken = await signIn(api, "Harbour Bank", "mei");
  hantToken = await signIn(api, "Harbour Bank", "chan");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

type NodeType = Record<string, any>;

async function catalogue(token: string, query = ""): Promise<NodeType[]> {
  const response = await api.request("GET", `/api/nodes${query}`, { token });

  expect(response.status).toBe(200);
  return response.body.items as NodeType[];
}

function byType(items: NodeType[], type: string): NodeType {
  return items.find((item) => item.type === type)!;
}

describe("GET /api/nodes", () => {
  it("lists every built-in node type", async () => {
    const items = await catalogue(analystToken);

    expect(items.map((item) => item.type)).toEqual(builtinNodes.map((node) => node.spec.type));
  });

  it("gives each node a config JSON Schema", async () => {
    const items = await catalogue(analystToken);

    // A config with variants (such as integration.file's operations) is one of several objects.
    for (const item of items) {
      const schema = item.configSchema as { type?: string; oneOf?: Array<{ type?: string }>; anyOf?: Array<{ type?: string }> };
      const variants = schema.oneOf ?? schema.anyOf ?? [schema];

      expect(variants.length).toBeGreaterThan(0);
      for (const variant of variants) expect(variant).toMatchObject({ type: "object" });
    }
  });

  it("describes the menu's config fields", async () => {
    const menu = byType(await catalogue(analystToken), "ivr.menu");

    expect(Object.keys(menu.configSchema.properties)).toEqual(expect.arrayContaining(["prompt", "options", "maxAttempts"]));
    expect(menu.configSchema.required).toEqual(expect.arrayContaining(["prompt", "options"]));
  });

  it("marks config-dependent ports with a note", async () => {
    const menu = byType(await catalogue(analystToken), "ivr.menu");

    expect(menu.ports.dependsOnConfig).toBe(true);
    expect(menu.ports.note).toContain("configuration");
    expect(menu.ports.ports.map((port: NodeType) => port.name)).toEqual(["timeout", "invalid"]);
    expect(menu.requiredPorts).toBeNull();
  });

  it("lists static ports with titles", async () => {
    const transfer = byType(await catalogue(analystToken), "call.transfer");

    expect(transfer.ports.dependsOnConfig).toBe(false);
    expect(transfer.ports.ports.map((port: NodeType) => port.name)).toEqual(["answered", "noAnswer", "busy", "failed"]);
    expect(transfer.errorPort).toEqual({ name: "error", title: "Error" });
  });

  it("reports kinds, waits and capabilities", async () => {
    const menu = byType(await catalogue(analystToken), "ivr.menu");

    expect(menu.kinds).toContain("ivr");
    expect(menu.waits).toBe("caller");
    expect(menu.capabilities).toContain("telephony");
    expect(menu.iterationBound).toBe(true);
  });

  it("localizes titles for the user's locale", async () => {
    const menu = byType(await catalogue(hantToken), "ivr.menu");

    expect(menu.title).toBe("按鍵選單");
    expect(menu.ports.ports[0].title).toBe("未按鍵");
    expect(menu.errorPort.title).toBe("錯誤");
  });

  it("filters by flow kind", async () => {
    const items = await catalogue(analystToken, "?kind=workflow");
    const expected = builtinNodes.filter((node) => node.spec.kinds.includes("workflow")).map((node) => node.spec.type);

    expect(items.map((item) => item.type)).toEqual(expected);
    expect(expected.length).toBeLessThan(builtinNodes.length);
  });

  it("rejects an unknown flow kind with 400", async () => {
    const response = await api.request("GET", "/api/nodes?kind=fax", { token: analystToken });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("query.kind");
  });

  it("rejects a user without flows.read with 403", async () => {
    const token = await signIn(api, "Harbour Bank", "wong");

    const response = await api.request("GET", "/api/nodes", { token });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
    expect(response.body.error.message).toContain("flows.read");
  });

  it("rejects a platform user on a tenant route with 403", async () => {
    const token = await signIn(api, undefined, "ops");

    const response = await api.request("GET", "/api/nodes", { token });

    expect(response.status).toBe(403);
  });
});
