import { auditLog, users } from "@callflow/db";
import { and, eq, isNull } from "drizzle-orm";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createOperator, createTenant, createTenantUser, PASSWORD, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let tenantId: string;
let otherTenantId: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  tenantId = await createTenant(postgres.db, "Harbour Bank", "zh-Hans");
  otherTenantId = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"], { displayName: "Mei Lin" });
  await createTenantUser(postgres.db, tenantId, "wong", ["agent"], { locale: "zh-Hant" });
  await createTenantUser(postgres.db, otherTenantId, "mei", ["tenant-admin"]);
  await createOperator(postgres.db, "ops", ["platform-admin"]);
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("POST /api/sessions", () => {
  it("signs in a tenant's user", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "harbour bank", login: "MEI", password: PASSWORD } });

    expect(response.status).toBe(201);
    expect(response.body.token).toMatch(/^cft\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(response.body.session).toMatchObject({ kind: "tenant", user: { login: "mei", displayName: "Mei Lin" }, tenant: { id: tenantId, name: "Harbour Bank" } });
    expect(response.body.session.permissions).toEqual(expect.arrayContaining(["flows.read", "flows.edit", "flows.publish"]));
  });

  it("stores only the token's hash", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");

    const stored = await postgres.db.withPlatform(TEST_ACTOR, (platform) => platform.tx.execute("select encode(token_hash, 'hex') as hash from api_sessions"));

    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(stored.rows.every((row) => String(row.hash).length === 64)).toBe(true);
  });

  it("rejects a wrong password with 401", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "mei", password: "wrong" } });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("login-failed");
  });

  it("rejects an unknown tenant like a wrong password", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "No Such Bank", login: "mei", password: PASSWORD } });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("login-failed");
  });

  it("keeps logins of two tenants apart", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Lotus Telecom", login: "mei", password: PASSWORD } });

    expect(response.body.session.tenant.id).toBe(otherTenantId);
    expect(response.body.session.permissions).toContain("users.manage");
  });

  it("rejects a body without a login with 400", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", password: PASSWORD } });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid-request");
    expect(response.body.error.details.issues[0].path).toBe("body.login");
  });

  it.each([
    ["zh-Hant", "請求無效：body.login: 無效的輸入值：預期為 string，但收到 undefined。"],
    ["zh-Hans", "请求无效：body.login: 无效输入：期望 string，实际接收 undefined。"],
    ["en", "The request is invalid: body.login: Invalid input: expected string, received undefined."],
  ])("words a validation failure in %s", async (language, message) => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", password: PASSWORD }, headers: { "accept-language": language } });

    expect(response.body.error.message).toBe(message);
    expect(response.body.error.details.issues[0].message).toBe("Invalid input: expected string, received undefined");
  });

  it("signs in a platform user without a tenant", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { login: "ops", password: PASSWORD } });

    expect(response.status).toBe(201);
    expect(response.body.token).toMatch(/^cfp\./);
    expect(response.body.session).toMatchObject({ kind: "platform", tenant: null });
    expect(response.body.session.permissions).toContain("tenants.manage");
  });

  it("rejects a suspended tenant's user with 403", async () => {
    const suspendedId = await createTenant(postgres.db, "Dormant Co");
    await createTenantUser(postgres.db, suspendedId, "lee", ["tenant-admin"]);
    await postgres.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(suspendedId, "unpaid"));

    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Dormant Co", login: "lee", password: PASSWORD } });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("tenant-suspended");
  });
});

describe("failed sign-ins", () => {
  async function failures(tenant: string | null): Promise<Array<Record<string, unknown>>> {
    const rows = await postgres.db.withPlatform(TEST_ACTOR, ({ tx }) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "session.sign-in-failed"), tenant === null ? isNull(auditLog.tenantId) : eq(auditLog.tenantId, tenant)))
        .orderBy(auditLog.id),
    );

    return rows.map((row) => row.details);
  }

  it("records a wrong password in the tenant's audit log", async () => {
    await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "wong", password: "guess-1" } });

    const entries = await failures(tenantId);

    expect(entries.at(-1)).toMatchObject({ tenant: "Harbour Bank", login: "wong", reason: "wrong-credentials", address: "127.0.0.1" });
    expect(JSON.stringify(entries)).not.toContain("guess-1");
  });

  it("keeps the other tenant's audit log clean", async () => {
    await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "mei", password: "guess-2" } });

    const entries = await failures(otherTenantId);

    expect(entries).toEqual([]);
  });

  it("records an unknown tenant platform-wide", async () => {
    await api.request("POST", "/api/sessions", { body: { tenant: "Ghost Bank", login: "mei", password: "guess-3" } });

    const entries = await failures(null);

    expect(entries).toContainEqual(expect.objectContaining({ tenant: "Ghost Bank", login: "mei", reason: "unknown-tenant" }));
  });

  it("records a platform user's wrong password", async () => {
    await api.request("POST", "/api/sessions", { body: { login: "ops", password: "guess-4" } });

    const entries = await failures(null);

    expect(entries).toContainEqual(expect.objectContaining({ tenant: null, login: "ops", reason: "wrong-credentials" }));
  });

  it("records a sign-in to a suspended tenant", async () => {
    const suspendedId = await createTenant(postgres.db, "Sleepy Co");
    await createTenantUser(postgres.db, suspendedId, "kit", ["tenant-admin"]);
    await postgres.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(suspendedId, "unpaid"));

    await api.request("POST", "/api/sessions", { body: { tenant: "Sleepy Co", login: "kit", password: PASSWORD } });

    expect(await failures(suspendedId)).toContainEqual(expect.objectContaining({ login: "kit", reason: "tenant-suspended" }));
  });

  it("writes no audit entry for a good sign-in", async () => {
    const before = (await failures(tenantId)).length;

    await signIn(api, "Harbour Bank", "mei");

    expect(await failures(tenantId)).toHaveLength(before);
  });
});

describe("GET /api/sessions/current", () => {
  it("describes the signed-in user", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");

    const response = await api.request("GET", "/api/sessions/current", { token });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ kind: "tenant", user: { login: "mei" }, tenant: { id: tenantId } });
  });

  it("rejects a request without a token with 401", async () => {
    const response = await api.request("GET", "/api/sessions/current");

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });

  it("rejects an unknown token with 401", async () => {
    const response = await api.request("GET", "/api/sessions/current", { token: `cft.${tenantId}.${"A".repeat(43)}` });

    expect(response.status).toBe(401);
  });

  it("rejects a token moved to another tenant", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");
    const moved = token.replace(tenantId, otherTenantId);

    const response = await api.request("GET", "/api/sessions/current", { token: moved });

    expect(response.status).toBe(401);
  });

  it("rejects an expired session", async () => {
    const shortApi = await startApi(postgres.db, { sessionTtlMs: 500 });
    let response: Awaited<ReturnType<ApiHarness["request"]>>;

    try {
      const token = await signIn(shortApi, "Harbour Bank", "mei");
      await new Promise((resolve) => setTimeout(resolve, 600));
      response = await shortApi.request("GET", "/api/sessions/current", { token });
    } finally {
      await shortApi.close();
    }

    expect(response.status).toBe(401);
  });

  it("rejects a disabled user's session", async () => {
    const userId = await createTenantUser(postgres.db, tenantId, "temp", ["tenant-analyst"]);
    const token = await signIn(api, "Harbour Bank", "temp");
    await postgres.db.withTenant(tenantId, ({ tx }) => tx.update(users).set({ disabled: true }).where(eq(users.id, userId)));

    const response = await api.request("GET", "/api/sessions/current", { token });

    expect(response.status).toBe(401);
  });
});

describe("session locale", () => {
  it("uses the user's own locale first", async () => {
    const token = await signIn(api, "Harbour Bank", "wong");

    const response = await api.request("GET", "/api/sessions/current", { token, headers: { "accept-language": "en" } });

    expect(response.body.locale).toBe("zh-Hant");
  });

  it("uses Accept-Language before the tenant's locale", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");

    const response = await api.request("GET", "/api/sessions/current", { token, headers: { "accept-language": "zh-TW" } });

    expect(response.body.locale).toBe("zh-Hant");
  });

  it("falls back to the tenant's locale", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");

    const response = await api.request("GET", "/api/sessions/current", { token });

    expect(response.body.locale).toBe("zh-Hans");
  });
});

describe("DELETE /api/sessions/current", () => {
  it("signs out so the token stops working", async () => {
    const token = await signIn(api, "Harbour Bank", "mei");

    const signOut = await api.request("DELETE", "/api/sessions/current", { token });
    const after = await api.request("GET", "/api/sessions/current", { token });

    expect(signOut.status).toBe(204);
    expect(after.status).toBe(401);
  });

  it("leaves the user's other sessions alone", async () => {
    const first = await signIn(api, "Harbour Bank", "mei");
    const second = await signIn(api, "Harbour Bank", "mei");

    await api.request("DELETE", "/api/sessions/current", { token: first });
    const response = await api.request("GET", "/api/sessions/current", { token: second });

    expect(response.status).toBe(200);
  });

  it("signs out a platform user", async () => {
    const token = await signIn(api, undefined, "ops");

    const signOut = await api.request("DELETE", "/api/sessions/current", { token });
    const after = await api.request("GET", "/api/sessions/current", { token });

    expect(signOut.status).toBe(204);
    expect(after.status).toBe(401);
  });
});
