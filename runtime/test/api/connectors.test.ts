import { randomUUID } from "node:crypto";

import { auditLog } from "@callflow/db";
import { eq } from "drizzle-orm";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createTenant, createTenantUser, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

const PASSWORD = "crm-Pa55word-that-must-not-leak";

let postgres: TestPostgres;
let api: ApiHarness;
let tenantId: string;
let admin: string;
let analyst: string;
let otherAdmin: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  tenantId = await createTenant(postgres.db, "Harbour Bank");
  const otherId = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantId, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, otherId, "root", ["tenant-admin"]);
  admin = await signIn(api, "Harbour Bank", "root");
  analyst = await signIn(api, "Harbour Bank", "mei");
  otherAdmin = await signIn(api, "Lotus Telecom", "root");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("secrets API", () => {
  it("stores a secret and never returns its value", async () => {
    const stored = await api.request("POST", "/api/secrets", { token: admin, body: { name: "crm-login", type: "basic", username: "ivr", password: PASSWORD } });
    const listed = await api.request("GET", "/api/secrets", { token: admin });
    const read = await api.request("GET", `/api/secrets/${stored.body.id}`, { token: admin });

    expect(stored.status).toBe(200);
    expect(listed.body.items.map((secret: { name: string; type: string }) => [secret.name, secret.type])).toEqual([["crm-login", "basic"]]);
    expect(read.body.name).toBe("crm-login");
    for (const response of [stored, listed, read]) expect(JSON.stringify(response.body)).not.toContain(PASSWORD);
  });

  it("audits changes without values", async () => {
    const entries = await postgres.db.withPlatform(TEST_ACTOR, ({ tx }) => tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)));

    expect(entries.map((entry) => entry.action)).toContain("secret.put");
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it("rejects a secret without its password", async () => {
    const response = await api.request("POST", "/api/secrets", { token: admin, body: { name: "half", type: "basic", username: "ivr" } });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid-request");
  });

  it("rejects a user without connectors.manage", async () => {
    const response = await api.request("GET", "/api/secrets", { token: analyst });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("connectors.manage");
  });

  it("returns 404 for a forged id of another tenant", async () => {
    const own = await api.request("POST", "/api/secrets", { token: admin, body: { name: "crm-token", type: "bearer", token: "t-1" } });

    const read = await api.request("GET", `/api/secrets/${own.body.id}`, { token: otherAdmin });
    const deleted = await api.request("DELETE", `/api/secrets/${own.body.id}`, { token: otherAdmin });

    expect(read.status).toBe(404);
    expect(deleted.status).toBe(404);
    expect((await api.request("GET", `/api/secrets/${own.body.id}`, { token: admin })).status).toBe(200);
  });
});

describe("connectors API", () => {
  const httpConnector = { name: "crm", kind: "http", settings: { baseUrl: "https://crm.example.com/api/" }, secret: "crm-login" };

  it("creates a connector with defaults filled in", async () => {
    const response = await api.request("POST", "/api/connectors", { token: admin, body: httpConnector });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: "crm", kind: "http", settings: { baseUrl: "https://crm.example.com/api/", headers: {} }, secret: "crm-login" });
  });

  it.each([
    ["a database", "database", { driver: "postgres", host: "core.bank.example", database: "accounts" }, { poolSize: 5, connectTimeoutMs: 5000 }],
    ["a socket", "socket", { host: "billing.example.com", port: 7001, framing: { type: "delimiter", delimiter: "\n" } }, { mode: "short", encoding: "utf8" }],
    ["an HTTP", "http", { baseUrl: "https://cards.example.com/v1/" }, { headers: {} }],
    ["an SMTP", "smtp", { host: "smtp.example.com", from: "Hotline <hotline@example.com>" }, { port: 587, security: "starttls" }],
    ["an SMPP", "smpp", { host: "smsc.carrier.example", sourceAddress: "BANK", sourceTon: 5 }, { port: 2775, longMessage: "segments" }],
  ])("accepts %s connector", async (_case, kind, settings, defaults) => {
    const response = await api.request("POST", "/api/connectors", { token: admin, body: { name: `valid-${kind}`, kind, settings } });

    expect(response.status).toBe(201);
    expect(response.body.kind).toBe(kind);
    expect(response.body.settings).toMatchObject({ ...settings, ...defaults });
  });

  it("rejects a second connector of the same name", async () => {
    const response = await api.request("POST", "/api/connectors", { token: admin, body: httpConnector });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("already-exists");
  });

  it.each([
    ["an HTTP base URL with a query", { ...httpConnector, name: "q", settings: { baseUrl: "https://crm.example.com/?k=1" } }, "settings.baseUrl"],
    ["an Authorization default header", { ...httpConnector, name: "h", settings: { baseUrl: "https://crm.example.com/", headers: { Authorization: "Basic x" } } }, "settings.headers"],
    ["a socket connector without framing", { name: "s", kind: "socket", settings: { host: "billing.example.com", port: 7001 } }, "settings.framing"],
    ["a secret that does not exist", { ...httpConnector, name: "m", secret: "missing" }, "secret"],
    ["a database connector with an unknown driver", { name: "d", kind: "database", settings: { driver: "db2", host: "core.bank.example", database: "accounts" } }, "settings.driver"],
    ["an SMTP connector without a sender", { name: "e", kind: "smtp", settings: { host: "smtp.example.com" } }, "settings.from"],
    ["an SMTP connector with an unknown security mode", { name: "e", kind: "smtp", settings: { host: "smtp.example.com", from: "a@example.com", security: "ssl" } }, "settings.security"],
    ["an SMPP connector without a source address", { name: "t", kind: "smpp", settings: { host: "smsc.carrier.example" } }, "settings.sourceAddress"],
    ["an SMPP connector with a port out of range", { name: "t", kind: "smpp", settings: { host: "smsc.carrier.example", sourceAddress: "BANK", port: 70_000 } }, "settings.port"],
  ])("rejects %s", async (_case, body, path) => {
    const response = await api.request("POST", "/api/connectors", { token: admin, body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(path);
  });

  it("updates settings and drops the secret", async () => {
    const [crm] = (await api.request("GET", "/api/connectors", { token: admin })).body.items;

    const response = await api.request("PUT", `/api/connectors/${crm.id}`, { token: admin, body: { settings: { baseUrl: "https://crm2.example.com/" } } });

    expect(response.status).toBe(200);
    expect(response.body.settings.baseUrl).toBe("https://crm2.example.com/");
    expect(response.body.secret).toBeNull();
  });

  it("hides connectors from another tenant", async () => {
    const [crm] = (await api.request("GET", "/api/connectors", { token: admin })).body.items;

    const listed = await api.request("GET", "/api/connectors", { token: otherAdmin });
    const read = await api.request("GET", `/api/connectors/${crm.id}`, { token: otherAdmin });
    const updated = await api.request("PUT", `/api/connectors/${crm.id}`, { token: otherAdmin, body: { settings: { baseUrl: "https://evil.example.com/" } } });
    const deleted = await api.request("DELETE", `/api/connectors/${crm.id}`, { token: otherAdmin });

    expect(listed.body.items).toEqual([]);
    expect(read.status).toBe(404);
    expect(updated.status).toBe(404);
    expect(deleted.status).toBe(404);
  });

  it("returns 404 for an unknown id", async () => {
    const response = await api.request("GET", `/api/connectors/${randomUUID()}`, { token: admin });

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain("connector");
  });

  it("deletes a connector", async () => {
    const [crm] = (await api.request("GET", "/api/connectors", { token: admin })).body.items;

    const deleted = await api.request("DELETE", `/api/connectors/${crm.id}`, { token: admin });
    const read = await api.request("GET", `/api/connectors/${crm.id}`, { token: admin });

    expect(deleted.status).toBe(204);
    expect(read.status).toBe(404);
  });

  it("are described in the OpenAPI document", async () => {
    const response = await api.request("GET", "/api/openapi.json");

    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(["/api/connectors", "/api/connectors/{connectorId}", "/api/secrets", "/api/secrets/{secretId}"]));
  });
});
