import { randomUUID } from "node:crypto";

import { auditLog } from "@callflow/db";
import { eq } from "drizzle-orm";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { hotlineDocument } from "./support/flow-documents.js";
import { createOperator, createTenant, createTenantUser, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let adminId: string;
let admin: string;
let viewer: string;
let tenantId: string;
let tenantAdmin: string;
let analyst: string;
let flowId: string;
let otherFlowId: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  adminId = await createOperator(postgres.db, "ops", ["platform-admin"]);
  await createOperator(postgres.db, "viewer", ["platform-operator"]);
  tenantId = await createTenant(postgres.db, "Harbour Bank");
  const otherId = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantId, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, otherId, "root", ["tenant-admin"]);
  admin = await signIn(api, undefined, "ops");
  viewer = await signIn(api, undefined, "viewer");
  tenantAdmin = await signIn(api, "Harbour Bank", "root");
  analyst = await signIn(api, "Harbour Bank", "mei");

  const otherAdmin = await signIn(api, "Lotus Telecom", "root");
  flowId = (await api.request("POST", "/api/flows", { token: tenantAdmin, body: { name: "hotline", kind: "ivr", document: hotlineDocument() } })).body.id;
  otherFlowId = (await api.request("POST", "/api/flows", { token: otherAdmin, body: { name: "hotline", kind: "ivr", document: hotlineDocument() } })).body.id;
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("platform tenants", () => {
  it("lists tenants", async () => {
    const response = await api.request("GET", "/api/platform/tenants", { token: viewer });

    expect(response.status).toBe(200);
    expect(response.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["Harbour Bank", "Lotus Telecom"]);
  });

  it("creates a tenant and audits it under the operator", async () => {
    const response = await api.request("POST", "/api/platform/tenants", { token: admin, body: { name: "River Insurance", defaultLocale: "zh-Hant", quotas: { maxPstnCalls: 30 } } });

    const audit = await postgres.db.withPlatform(TEST_ACTOR, ({ tx }) => tx.select().from(auditLog).where(eq(auditLog.tenantId, response.body.id)));

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: "River Insurance", defaultLocale: "zh-Hant", maxPstnCalls: 30, status: "active" });
    expect(audit).toEqual([expect.objectContaining({ action: "tenant.create", actorKind: "platform-user", actorId: adminId })]);
  });

  it("rejects a tenant name in use with 409", async () => {
    const response = await api.request("POST", "/api/platform/tenants", { token: admin, body: { name: "harbour bank" } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("already-exists");
  });

  it("returns a tenant with its call slots", async () => {
    const response = await api.request("GET", `/api/platform/tenants/${tenantId}`, { token: viewer });

    expect(response.status).toBe(200);
    expect(response.body.callSlots.map((slot: { channel: string }) => slot.channel).sort()).toEqual(["pstn", "test", "web"]);
  });

  it("answers 404 for an unknown tenant", async () => {
    const response = await api.request("GET", `/api/platform/tenants/${randomUUID()}`, { token: viewer });

    expect(response.status).toBe(404);
  });

  it("changes quotas", async () => {
    const response = await api.request("PATCH", `/api/platform/tenants/${tenantId}/quotas`, { token: admin, body: { maxAgents: 50, maxTestCalls: 4 } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ maxAgents: 50, maxTestCalls: 4 });
  });

  it("rejects a negative quota with 400", async () => {
    const response = await api.request("PATCH", `/api/platform/tenants/${tenantId}/quotas`, { token: admin, body: { maxAgents: -1 } });

    expect(response.status).toBe(400);
  });

  it("suspends and resumes a tenant", async () => {
    const suspended = await api.request("POST", `/api/platform/tenants/${tenantId}/suspend`, { token: admin, body: { reason: "unpaid invoice" } });
    const whileSuspended = await api.request("GET", "/api/flows", { token: analyst });
    const resumed = await api.request("POST", `/api/platform/tenants/${tenantId}/resume`, { token: admin });
    const afterResume = await api.request("GET", "/api/flows", { token: analyst });

    expect(suspended.body.status).toBe("suspended");
    expect(whileSuspended.status).toBe(403);
    expect(whileSuspended.body.error.code).toBe("tenant-suspended");
    expect(resumed.body.status).toBe("active");
    expect(afterResume.status).toBe(200);
  });

  it("rejects an operator without tenants.manage with 403", async () => {
    const response = await api.request("POST", "/api/platform/tenants", { token: viewer, body: { name: "Nope Ltd" } });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("tenants.manage");
  });

  it("rejects a tenant's user with 403", async () => {
    const response = await api.request("GET", "/api/platform/tenants", { token: tenantAdmin });

    expect(response.status).toBe(403);
  });
});

describe("numbers", () => {
  it("assigns a number that the tenant then routes to a flow", async () => {
    const assigned = await api.request("POST", `/api/platform/tenants/${tenantId}/numbers`, { token: admin, body: { number: "+886227001234" } });
    const listed = await api.request("GET", "/api/numbers", { token: tenantAdmin });

    const updated = await api.request("PATCH", `/api/numbers/${listed.body.items[0].id}`, { token: tenantAdmin, body: { flowId, callerId: "0227001234" } });

    expect(assigned.status).toBe(201);
    expect(listed.body.items).toEqual([expect.objectContaining({ number: "+886227001234", flowId: null })]);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ flowId, flowName: "hotline", callerId: "0227001234" });
  });

  it("rejects a number in use with 409", async () => {
    await api.request("POST", `/api/platform/tenants/${tenantId}/numbers`, { token: admin, body: { number: "0800111222" } });

    const response = await api.request("POST", `/api/platform/tenants/${tenantId}/numbers`, { token: admin, body: { number: "0800111222" } });

    expect(response.status).toBe(409);
  });

  it("rejects a flow of another tenant with 404", async () => {
    const listed = await api.request("GET", "/api/numbers", { token: tenantAdmin });

    const response = await api.request("PATCH", `/api/numbers/${listed.body.items[0].id}`, { token: tenantAdmin, body: { flowId: otherFlowId } });

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain("flow");
  });

  it("hides a number from another tenant", async () => {
    const listed = await api.request("GET", "/api/numbers", { token: tenantAdmin });
    const otherAdmin = await signIn(api, "Lotus Telecom", "root");

    const response = await api.request("PATCH", `/api/numbers/${listed.body.items[0].id}`, { token: otherAdmin, body: { callerId: "0911000000" } });

    expect(response.status).toBe(404);
  });

  it("rejects an invalid caller id with 400", async () => {
    const listed = await api.request("GET", "/api/numbers", { token: tenantAdmin });

    const response = await api.request("PATCH", `/api/numbers/${listed.body.items[0].id}`, { token: tenantAdmin, body: { callerId: "call me" } });

    expect(response.status).toBe(400);
  });

  it("rejects a user without numbers.manage with 403", async () => {
    const response = await api.request("GET", "/api/numbers", { token: analyst });

    expect(response.status).toBe(403);
  });

  it("unassigns a number", async () => {
    await api.request("POST", `/api/platform/tenants/${tenantId}/numbers`, { token: admin, body: { number: "0800999888" } });

    const response = await api.request("DELETE", "/api/platform/numbers/0800999888", { token: admin });
    const listed = await api.request("GET", "/api/numbers", { token: tenantAdmin });

    expect(response.status).toBe(204);
    expect(listed.body.items.map((item: { number: string }) => item.number)).not.toContain("0800999888");
  });
});
