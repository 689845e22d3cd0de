import { randomUUID } from "node:crypto";

import type { ApiRoute } from "../../src/api/route.js";
import { apiRoutes } from "../../src/api/routes/api-routes.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { hotlineDocument } from "./support/flow-documents.js";
import { createOperator, createTenant, createTenantUser, PASSWORD, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

const TENANT_HEADER = "X-Callflow-Tenant";

let postgres: TestPostgres;
let api: ApiHarness;
let tenantA: string;
let tenantB: string;
let suspendedTenant: string;
let analystA: string;
let adminA: string;
let adminB: string;
let operator: string;
let flowId: string;

const flowRoutes = apiRoutes().filter((route) => route.access.kind === "tenant" && route.path.includes(":flowId"));

function inTenant(tenantId: string): Record<string, string> {
  return { [TENANT_HEADER]: tenantId };
}

function requestOn(route: ApiRoute, token: string, headers: Record<string, string>) {
  const path = route.path.replace(":flowId", flowId).replace(":version", "1") + (route.operationId === "diffFlowVersions" ? "?from=1&to=1" : "");
  const body = route.method === "GET" ? undefined : { baseVersion: 1, document: hotlineDocument("forged"), draftVersion: 1, version: 1 };

  return api.request(route.method, path, { token, headers, body });
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  tenantA = await createTenant(postgres.db, "Harbour Bank");
  tenantB = await createTenant(postgres.db, "Lotus Telecom");
  suspendedTenant = await createTenant(postgres.db, "Closed Shop");
  await createTenantUser(postgres.db, tenantA, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, tenantA, "harbour-admin", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantB, "root", ["tenant-admin"]);
  await createOperator(postgres.db, "ops", ["platform-operator"]);
  await postgres.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(suspendedTenant, "unpaid invoices"));
  analystA = await signIn(api, "Harbour Bank", "mei");
  adminA = await signIn(api, "Harbour Bank", "harbour-admin");
  adminB = await signIn(api, "Lotus Telecom", "root");
  operator = await signIn(api, undefined, "ops");

  const created = await api.request("POST", "/api/flows", { token: analystA, body: { name: "harbour-hotline", kind: "ivr", document: hotlineDocument() } });
  flowId = created.body.id;
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("platform user in a chosen tenant", () => {
  it("lists the chosen tenant's flows", async () => {
    const response = await api.request("GET", "/api/flows", { token: operator, headers: inTenant(tenantA) });

    expect(response.status).toBe(200);
    expect(response.body.items.map((flow: { id: string }) => flow.id)).toEqual([flowId]);
  });

  it("saves a draft as the operator's delegate", async () => {
    const saved = await api.request("PUT", `/api/flows/${flowId}/draft`, { token: operator, headers: inTenant(tenantA), body: { baseVersion: 1, document: hotlineDocument("Fixed by the operator") } });
    const read = await api.request("GET", `/api/flows/${flowId}`, { token: analystA });

    expect(saved.status).toBe(200);
    expect(read.body.draftVersion).toBe(2);
    expect(read.body.updatedBy).toMatchObject({ login: "platform:ops", displayName: "ops" });
  });

  it("creates a flow in the chosen tenant", async () => {
    const created = await api.request("POST", "/api/flows", { token: operator, headers: inTenant(tenantA), body: { name: "operator-flow", kind: "ivr", document: hotlineDocument() } });
    const listedToA = await api.request("GET", "/api/flows", { token: analystA });
    const listedToB = await api.request("GET", "/api/flows", { token: adminB });

    expect(created.status).toBe(201);
    expect(listedToA.body.items.map((flow: { name: string }) => flow.name)).toContain("operator-flow");
    expect(listedToB.body.items).toEqual([]);
  });

  it("answers 404 for another tenant's flow", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}`, { token: operator, headers: inTenant(tenantB) });

    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain("harbour-hotline");
  });

  it("requires a chosen tenant", async () => {
    const response = await api.request("GET", "/api/flows", { token: operator });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("tenant-not-chosen");
    expect(response.body.error.message).toContain("X-Callflow-Tenant");
  });

  it("answers 404 for a tenant that does not exist", async () => {
    const response = await api.request("GET", "/api/flows", { token: operator, headers: inTenant(randomUUID()) });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });

  it.each(["not-a-uuid", `${"0".repeat(8)}-0000-0000-0000-0000000000000`, "' or 1=1 --"])("rejects the malformed header %s", async (value) => {
    const response = await api.request("GET", "/api/flows", { token: operator, headers: { [TENANT_HEADER]: value } });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid-request");
  });

  it("grants no permission beyond its platform role", async () => {
    const response = await api.request("GET", "/api/users", { token: operator, headers: inTenant(tenantA) });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
  });

  it("stops at a suspended tenant", async () => {
    const response = await api.request("GET", "/api/flows", { token: operator, headers: inTenant(suspendedTenant) });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("tenant-suspended");
  });

  it("keeps the delegate from signing in", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "platform:ops", password: PASSWORD } });

    expect(response.status).toBe(401);
  });

  it("documents the header on tenant routes", async () => {
    const document = await api.request("GET", "/api/openapi.json");
    const names = (operation: { parameters: Array<{ name: string }> }) => operation.parameters.map((parameter) => parameter.name);

    expect(names(document.body.paths["/api/flows"].get)).toContain(TENANT_HEADER);
    expect(names(document.body.paths["/api/platform/tenants"].get)).not.toContain(TENANT_HEADER);
  });

  it("leaves platform routes unchanged", async () => {
    const response = await api.request("GET", "/api/platform/tenants", { token: operator, headers: inTenant(tenantA) });

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(3);
  });
});

describe("platform user's delegate", () => {
  async function delegateId(): Promise<string> {
    const users = await api.request("GET", "/api/users", { token: adminA });

    return users.body.items.find((user: { login: string }) => user.login === "platform:ops").id;
  }

  it("shows in the tenant's users as disabled", async () => {
    const users = await api.request("GET", "/api/users", { token: adminA });

    expect(users.body.items).toContainEqual(expect.objectContaining({ login: "platform:ops", disabled: true, roles: [] }));
  });

  it.each([
    ["enable", "POST", "/enable", undefined],
    ["update", "PATCH", "", { roles: ["tenant-admin"] }],
    ["reset the password of", "POST", "/password", { password: "a new password for the delegate" }],
  ] as const)("rejects a tenant admin's request to %s it", async (_action, method, suffix, body) => {
    const response = await api.request(method, `/api/users/${await delegateId()}${suffix}`, { token: adminA, body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("platform:ops");
  });

  it("keeps it disabled after those requests", async () => {
    const user = await api.request("GET", `/api/users/${await delegateId()}`, { token: adminA });

    expect(user.body).toMatchObject({ disabled: true, roles: [] });
  });

  it("reserves its login prefix", async () => {
    const response = await api.request("POST", "/api/users", { token: adminA, body: { login: "Platform:someone", displayName: "Look-alike", password: PASSWORD } });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("platform:");
  });
});

describe("tenant user with a forged tenant header", () => {
  it.each(flowRoutes.map((route) => [route.operationId, route] as const))("%s rejects another tenant's id", async (_name, route) => {
    const response = await requestOn(route, adminB, inTenant(tenantA));

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("tenant-mismatch");
    expect(JSON.stringify(response.body)).not.toContain("harbour-hotline");
  });

  it("rejects a made-up tenant id", async () => {
    const response = await api.request("GET", "/api/flows", { token: analystA, headers: inTenant(randomUUID()) });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("tenant-mismatch");
  });

  it("rejects another tenant's id on the list", async () => {
    const response = await api.request("GET", "/api/flows", { token: adminB, headers: inTenant(tenantA) });

    expect(response.status).toBe(403);
    expect(response.body.items).toBeUndefined();
  });

  it("accepts the user's own tenant id", async () => {
    const response = await api.request("GET", "/api/flows", { token: analystA, headers: inTenant(tenantA.toUpperCase()) });

    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
  });

  it("leaves the owner's draft unchanged", async () => {
    const before = await api.request("GET", `/api/flows/${flowId}`, { token: analystA });

    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: adminB, headers: inTenant(tenantA), body: { baseVersion: before.body.draftVersion, document: hotlineDocument("from tenant B") } });
    const after = await api.request("GET", `/api/flows/${flowId}`, { token: analystA });

    expect(after.body).toEqual(before.body);
  });
});
