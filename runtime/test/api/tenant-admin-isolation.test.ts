import { randomUUID } from "node:crypto";

import type { ApiRoute } from "../../src/api/route.js";
import { apiRoutes } from "../../src/api/routes/api-routes.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { CHEAP_SCRYPT, createOperator, createTenant, createTenantUser, PASSWORD, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

const TENANT_OPERATIONS = [
  "listUsers",
  "createUser",
  "getUser",
  "updateUser",
  "resetUserPassword",
  "disableUser",
  "enableUser",
  "listRoles",
  "createRole",
  "getRole",
  "updateRole",
  "deleteRole",
  "listPrompts",
  "createPrompt",
  "getPrompt",
  "updatePrompt",
  "deletePrompt",
  "uploadPromptAudio",
  "downloadPromptAudio",
  "listCalendars",
  "createCalendar",
  "getCalendar",
  "updateCalendar",
  "deleteCalendar",
  "getTenantSettings",
  "updateTenantSettings",
];

// Bodies that pass each route's validation, so that the status the test checks is the access decision.
const VALID_BODIES: Record<string, unknown> = {
  createUser: { login: "intruder", displayName: "Intruder", password: PASSWORD, roles: ["tenant-admin"] },
  updateUser: { roles: ["agent"], displayName: "Renamed by another tenant" },
  resetUserPassword: { password: "taken over by another tenant" },
  createRole: { name: "Intruders", permissions: ["sensitive.view"] },
  updateRole: { name: "Renamed by another tenant" },
  createPrompt: { name: "intruder", language: "en", ttsText: "Hello" },
  updatePrompt: { ttsText: "Overwritten by another tenant" },
  createCalendar: { name: "intruder", timeZone: "Asia/Taipei", definition: { days: [] } },
  updateCalendar: { name: "renamed-by-another-tenant" },
  updateTenantSettings: { sensitiveDataEncryption: false },
};

const PLATFORM_BODIES: Record<string, unknown> = {
  createTenantUser: VALID_BODIES.createUser,
  updateTenantUser: VALID_BODIES.updateUser,
  resetTenantUserPassword: VALID_BODIES.resetUserPassword,
};

const routes = apiRoutes().filter((route) => TENANT_OPERATIONS.includes(route.operationId));
const routesWithIds = routes.filter((route) => route.params);

let postgres: TestPostgres;
let api: ApiHarness;
let tenantA: string;
let adminA: string;
let agentA: string;
let adminB: string;
let operator: string;
const ids: Record<string, string> = {};

function pathOf(route: ApiRoute, id?: string): string {
  return route.path
    .replace(":userId", id ?? ids.userId)
    .replace(":roleId", id ?? ids.roleId)
    .replace(":promptId", id ?? ids.promptId)
    .replace(":calendarId", id ?? ids.calendarId);
}

async function send(route: ApiRoute, token: string, id?: string) {
  if (route.operationId === "uploadPromptAudio") {
    const wav = Buffer.concat([Buffer.from("RIFF\u0000\u0000\u0000\u0000WAVE", "latin1"), Buffer.alloc(32)]);
    const response = await fetch(`${api.baseUrl}${pathOf(route, id)}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "audio/wav" }, body: wav });
    const text = await response.text();

    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  }
  return api.request(route.method, pathOf(route, id), { token, body: VALID_BODIES[route.operationId] });
}

async function snapshotOfTenantA() {
  const paths = [`/api/users/${ids.userId}`, `/api/roles/${ids.roleId}`, `/api/prompts/${ids.promptId}`, `/api/calendars/${ids.calendarId}`, "/api/settings"];

  return Promise.all(paths.map(async (path) => (await api.request("GET", path, { token: adminA })).body));
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db, { scryptParameters: CHEAP_SCRYPT });
  tenantA = await createTenant(postgres.db, "Harbour Bank");
  const tenantB = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantA, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantA, "wong", ["agent"]);
  await createTenantUser(postgres.db, tenantB, "root", ["tenant-admin"]);
  await createOperator(postgres.db, "ops", ["platform-operator"]);
  adminA = await signIn(api, "Harbour Bank", "root");
  agentA = await signIn(api, "Harbour Bank", "wong");
  adminB = await signIn(api, "Lotus Telecom", "root");
  operator = await signIn(api, undefined, "ops");

  ids.userId = (await api.request("POST", "/api/users", { token: adminA, body: { login: "secret-agent", displayName: "Secret Agent", password: PASSWORD, roles: ["agent"] } })).body.id;
  ids.roleId = (await api.request("POST", "/api/roles", { token: adminA, body: { name: "secret-role", permissions: ["calls.read"] } })).body.id;
  ids.promptId = (await api.request("POST", "/api/prompts", { token: adminA, body: { name: "secret-prompt", language: "en", ttsText: "secret words" } })).body.id;
  ids.calendarId = (await api.request("POST", "/api/calendars", { token: adminA, body: { name: "secret-calendar", timeZone: "Asia/Taipei", definition: { days: [] } } })).body.id;
  await api.request("PATCH", "/api/settings", { token: adminA, body: { sensitiveDataEncryption: true } });
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("tenant isolation of the admin routes", () => {
  it("covers every new tenant route", () => {
    expect(routes.map((route) => route.operationId).sort()).toEqual([...TENANT_OPERATIONS].sort());
  });

  it.each(routesWithIds.map((route) => [route.operationId, route] as const))("%s answers 404 to another tenant", async (_name, route) => {
    const response = await send(route, adminB);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
    expect(JSON.stringify(response.body)).not.toMatch(/secret/);
  });

  it.each(routesWithIds.map((route) => [route.operationId, route] as const))("%s answers 404 to a forged id", async (_name, route) => {
    const response = await send(route, adminA, randomUUID());

    expect(response.status).toBe(404);
  });

  it("leaves the owner's data unchanged", async () => {
    const before = await snapshotOfTenantA();

    for (const route of routesWithIds) {
      await send(route, adminB);
    }
    const after = await snapshotOfTenantA();

    expect(after).toEqual(before);
  });

  it.each(["/api/users", "/api/roles", "/api/prompts", "/api/calendars"])("%s lists nothing of another tenant", async (path) => {
    const response = await api.request("GET", path, { token: adminB });

    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toMatch(/secret/);
  });

  it("keeps another tenant's settings apart", async () => {
    const response = await api.request("GET", "/api/settings", { token: adminB });

    expect(response.body).toEqual({ name: "Lotus Telecom", defaultLocale: "en", sensitiveDataEncryption: false });
  });

  it("rejects another tenant's custom role for a user", async () => {
    const response = await api.request("POST", "/api/users", { token: adminB, body: { login: "borrower", displayName: "Borrower", password: PASSWORD, roles: [], customRoleIds: [ids.roleId] } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe("customRoleIds");
  });

  it("answers 404 for a platform route on a forged tenant", async () => {
    const response = await api.request("GET", `/api/platform/tenants/${randomUUID()}/users`, { token: operator });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });
});

describe("permissions of the admin routes", () => {
  it.each(routes.map((route) => [route.operationId, route] as const))("%s answers 403 without the permission", async (_name, route) => {
    const response = await send(route, agentA);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
    expect(response.body.error.message).toContain(route.access.kind === "tenant" ? route.access.permission : "");
  });

  it.each(["createTenantUser", "updateTenantUser", "resetTenantUserPassword", "disableTenantUser"])("%s needs tenants.manage", async (operationId) => {
    const route = apiRoutes().find((candidate) => candidate.operationId === operationId)!;
    const path = route.path.replace(":tenantId", tenantA).replace(":userId", ids.userId);

    const body = PLATFORM_BODIES[operationId];

    const response = await api.request(route.method, path, { token: operator, body });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("tenants.manage");
  });

  it("rejects a tenant admin on platform user routes", async () => {
    const response = await api.request("GET", `/api/platform/tenants/${tenantA}/users`, { token: adminA });

    expect(response.status).toBe(403);
  });
});
