import { randomUUID } from "node:crypto";

import type { ApiRoute } from "../../src/api/route.js";
import { apiRoutes } from "../../src/api/routes/api-routes.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { hotlineDocument } from "./support/flow-documents.js";
import { createOperator, createTenant, createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

// Bodies that pass each route's validation, so that the status the test checks is the access decision.
const VALID_BODIES: Record<string, unknown> = {
  saveDraft: { baseVersion: 1, document: hotlineDocument("overwritten by another tenant") },
  validateFlow: {},
  publishFlow: { draftVersion: 1 },
  rollBackFlow: { version: 1 },
};
const QUERIES: Record<string, string> = { diffFlowVersions: "?from=1&to=1" };

let postgres: TestPostgres;
let api: ApiHarness;
let analystA: string;
let agentA: string;
let adminB: string;
let operator: string;
let flowId: string;

const flowRoutes = apiRoutes().filter((route) => route.access.kind === "tenant" && route.path.includes(":flowId"));

function requestOn(route: ApiRoute, id: string, token: string) {
  const path = route.path.replace(":flowId", encodeURIComponent(id)).replace(":version", "1") + (QUERIES[route.operationId] ?? "");

  return api.request(route.method, path, { token, body: VALID_BODIES[route.operationId] });
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  const tenantA = await createTenant(postgres.db, "Harbour Bank");
  const tenantB = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantA, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, tenantA, "wong", ["agent"]);
  await createTenantUser(postgres.db, tenantB, "root", ["tenant-admin"]);
  await createOperator(postgres.db, "ops", ["platform-admin"]);
  analystA = await signIn(api, "Harbour Bank", "mei");
  agentA = await signIn(api, "Harbour Bank", "wong");
  adminB = await signIn(api, "Lotus Telecom", "root");
  operator = await signIn(api, undefined, "ops");

  const created = await api.request("POST", "/api/flows", { token: analystA, body: { name: "secret-hotline", kind: "ivr", document: hotlineDocument() } });
  flowId = created.body.id;
  await api.request("POST", `/api/flows/${flowId}/publish`, { token: analystA, body: { draftVersion: 1 } });
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("tenant isolation", () => {
  it("covers every flow route", () => {
    expect(flowRoutes.map((route) => route.operationId).sort()).toEqual(
      ["diffFlowVersions", "exportFlowBundle", "getFlow", "getFlowVersion", "listFlowVersions", "publishFlow", "rollBackFlow", "saveDraft", "validateFlow"].sort(),
    );
  });

  it.each(flowRoutes.map((route) => [route.operationId, route] as const))("%s answers the owner", async (_name, route) => {
    const response = await requestOn(route, flowId, analystA);

    // The owner's own earlier requests may make a publish stale (409); access is what counts.
    expect([401, 403, 404]).not.toContain(response.status);
  });

  it.each(flowRoutes.map((route) => [route.operationId, route] as const))("%s answers 404 to another tenant", async (_name, route) => {
    const response = await requestOn(route, flowId, adminB);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
    expect(JSON.stringify(response.body)).not.toContain("secret-hotline");
  });

  it.each(flowRoutes.map((route) => [route.operationId, route] as const))("%s answers 404 to a forged id", async (_name, route) => {
    const response = await requestOn(route, randomUUID(), analystA);

    expect(response.status).toBe(404);
  });

  it.each(["not-a-uuid", "1 or 1=1", "../../api/health", "00000000-0000-0000-0000-0000000000000"])("answers 404 to the malformed id %s", async (id) => {
    const response = await api.request("GET", `/api/flows/${encodeURIComponent(id)}`, { token: analystA });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });

  it("leaves the owner's draft unchanged after another tenant's save", async () => {
    const before = await api.request("GET", `/api/flows/${flowId}`, { token: analystA });

    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: adminB, body: { baseVersion: before.body.draftVersion, document: hotlineDocument("from tenant B") } });
    const after = await api.request("GET", `/api/flows/${flowId}`, { token: analystA });

    expect(after.body).toEqual(before.body);
  });

  it("hides the flow from another tenant's list", async () => {
    const response = await api.request("GET", "/api/flows", { token: adminB });

    expect(response.body.items).toEqual([]);
  });
});

describe("permissions", () => {
  it.each(flowRoutes.map((route) => [route.operationId, route] as const))("%s answers 403 without the permission", async (_name, route) => {
    const response = await requestOn(route, flowId, agentA);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
  });

  it("checks the permission before the tenant", async () => {
    const token = agentA;

    const response = await api.request("GET", `/api/flows/${randomUUID()}`, { token });

    expect(response.status).toBe(403);
  });

  it("rejects a platform user on tenant routes", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}`, { token: operator });

    expect(response.status).toBe(403);
  });

  it("rejects a request without a token before reading its body", async () => {
    const response = await api.request("PUT", `/api/flows/${flowId}/draft`, { body: "{not json" });

    expect(response.status).toBe(401);
  });

  it("names each route's permission in the OpenAPI document", async () => {
    const document = await api.request("GET", "/api/openapi.json");

    expect(document.body.paths["/api/flows/{flowId}/publish"].post["x-permission"]).toBe("flows.publish");
  });
});
