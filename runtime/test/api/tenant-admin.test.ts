import pg from "pg";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { CHEAP_SCRYPT, createOperator, createTenant, createTenantUser, PASSWORD, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let owner: pg.Pool;
let api: ApiHarness;
let tenantId: string;
let admin: string;
let agent: string;
let operator: string;

// A minimal WAV file: the RIFF header of 8 kHz 16-bit mono, then 800 bytes of silence.
function wavFile(dataBytes = 800): Buffer {
  const header = Buffer.alloc(44);

  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

async function upload(path: string, token: string, content: Buffer, contentType: string) {
  const response = await fetch(`${api.baseUrl}${path}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body: content });
  const text = await response.text();

  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

async function auditActions(action: string): Promise<Record<string, any>[]> {
  const result = await owner.query("select actor_kind, actor_id, details from audit_log where tenant_id = $1 and action = $2 order by id", [tenantId, action]);

  return result.rows;
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  owner = new pg.Pool({ connectionString: postgres.url, max: 2 });
  api = await startApi(postgres.db, { scryptParameters: CHEAP_SCRYPT });
  tenantId = await createTenant(postgres.db, "Harbour Bank");
  await createTenantUser(postgres.db, tenantId, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantId, "wong", ["agent"]);
  await createOperator(postgres.db, "ops", ["platform-admin"]);
  admin = await signIn(api, "Harbour Bank", "root");
  agent = await signIn(api, "Harbour Bank", "wong");
  operator = await signIn(api, undefined, "ops");
});

afterAll(async () => {
  await api?.close();
  await owner?.end();
  await postgres?.stop();
});

describe("users", () => {
  it("creates a user who can sign in", async () => {
    const created = await api.request("POST", "/api/users", { token: admin, body: { login: "lin", displayName: "Lin Mei", password: PASSWORD, roles: ["supervisor"], locale: "zh-Hant" } });

    const token = await signIn(api, "Harbour Bank", "lin");

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: "lin", displayName: "Lin Mei", roles: ["supervisor"], locale: "zh-Hant", disabled: false, customRoleIds: [] });
    expect(token).toMatch(/^cft\./);
  });

  it("lists users without password hashes", async () => {
    const response = await api.request("GET", "/api/users", { token: admin });

    expect(response.status).toBe(200);
    expect(response.body.items.map((user: { login: string }) => user.login)).toEqual(expect.arrayContaining(["root", "wong"]));
    expect(JSON.stringify(response.body)).not.toContain("scrypt");
  });

  it("changes roles and locale", async () => {
    const created = await api.request("POST", "/api/users", { token: admin, body: { login: "chan", displayName: "Chan", password: PASSWORD, roles: ["agent"] } });

    const updated = await api.request("PATCH", `/api/users/${created.body.id}`, { token: admin, body: { roles: ["supervisor", "agent"], locale: "zh-Hans" } });
    const audit = (await auditActions("user.update")).find((row) => row.details.userId === created.body.id);

    expect(updated.status).toBe(200);
    expect(updated.body.roles).toEqual(["supervisor", "agent"]);
    expect(updated.body.locale).toBe("zh-Hans");
    expect(audit?.details.before).toEqual({ roles: ["agent"], locale: null });
    expect(audit?.details.after).toEqual({ roles: ["supervisor", "agent"], locale: "zh-Hans" });
  });

  it("resets a password and ends old sessions", async () => {
    const created = await api.request("POST", "/api/users", { token: admin, body: { login: "ho", displayName: "Ho", password: PASSWORD, roles: ["agent"] } });
    const oldToken = await signIn(api, "Harbour Bank", "ho");

    const reset = await api.request("POST", `/api/users/${created.body.id}/password`, { token: admin, body: { password: "a new and longer passphrase" } });
    const oldSession = await api.request("GET", "/api/sessions/current", { token: oldToken });
    const oldPassword = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "ho", password: PASSWORD } });
    const newPassword = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "ho", password: "a new and longer passphrase" } });
    const audit = await auditActions("user.password.reset");

    expect(reset.status).toBe(204);
    expect(oldSession.status).toBe(401);
    expect(oldPassword.status).toBe(401);
    expect(newPassword.status).toBe(201);
    expect(JSON.stringify(audit)).not.toContain("passphrase");
  });

  it("disables and enables a user", async () => {
    const created = await api.request("POST", "/api/users", { token: admin, body: { login: "lee", displayName: "Lee", password: PASSWORD, roles: ["agent"] } });
    const token = await signIn(api, "Harbour Bank", "lee");

    const disabled = await api.request("POST", `/api/users/${created.body.id}/disable`, { token: admin });
    const session = await api.request("GET", "/api/sessions/current", { token });
    const signInWhileDisabled = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "lee", password: PASSWORD } });
    const enabled = await api.request("POST", `/api/users/${created.body.id}/enable`, { token: admin });

    expect(disabled.body.disabled).toBe(true);
    expect(session.status).toBe(401);
    expect(signInWhileDisabled.status).toBe(401);
    expect(enabled.body.disabled).toBe(false);
    expect(await signIn(api, "Harbour Bank", "lee")).toMatch(/^cft\./);
  });

  it("rejects a short password naming the field", async () => {
    const response = await api.request("POST", "/api/users", { token: admin, body: { login: "short", displayName: "Short", password: "abc", roles: [] } });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid-request");
    expect(response.body.error.details.issues[0].path).toBe("body.password");
  });

  it("rejects an unknown built-in role", async () => {
    const response = await api.request("POST", "/api/users", { token: admin, body: { login: "x", displayName: "X", password: PASSWORD, roles: ["janitor"] } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("body.roles.0");
  });

  it("answers 409 to a taken login", async () => {
    const response = await api.request("POST", "/api/users", { token: admin, body: { login: "WONG", displayName: "Another Wong", password: PASSWORD, roles: [] } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("already-exists");
    expect(response.body.error.message).toBe("A user with this login already exists. Choose another login.");
  });

  it("lets a platform user create a tenant's admin", async () => {
    const response = await api.request("POST", `/api/platform/tenants/${tenantId}/users`, { token: operator, body: { login: "second-admin", displayName: "Second", password: PASSWORD, roles: ["tenant-admin"] } });
    const audit = (await auditActions("user.create")).find((row) => row.details.login === "second-admin");

    expect(response.status).toBe(201);
    expect(audit?.actor_kind).toBe("platform-user");
  });

  it("lists a tenant's users for a platform user", async () => {
    const response = await api.request("GET", `/api/platform/tenants/${tenantId}/users`, { token: operator });

    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThanOrEqual(2);
  });
});

describe("roles", () => {
  it("lists built-in roles with permissions", async () => {
    const response = await api.request("GET", "/api/roles", { token: admin });
    const supervisor = response.body.builtIn.find((role: { name: string }) => role.name === "supervisor");

    expect(response.status).toBe(200);
    expect(response.body.permissions).toContain("sensitive.view");
    expect(supervisor.permissions).toContain("queues.monitor");
  });

  it("grants a custom role's permissions", async () => {
    const role = await api.request("POST", "/api/roles", { token: admin, body: { name: "Prompt editors", permissions: ["prompts.manage"] } });
    const created = await api.request("POST", "/api/users", { token: admin, body: { login: "voice", displayName: "Voice", password: PASSWORD, roles: [], customRoleIds: [role.body.id] } });
    const token = await signIn(api, "Harbour Bank", "voice");

    const prompts = await api.request("GET", "/api/prompts", { token });
    const calendars = await api.request("GET", "/api/calendars", { token });

    expect(role.status).toBe(201);
    expect(created.body.customRoleIds).toEqual([role.body.id]);
    expect(prompts.status).toBe(200);
    expect(calendars.status).toBe(403);
  });

  it("renames and deletes a custom role", async () => {
    const role = await api.request("POST", "/api/roles", { token: admin, body: { name: "Readers", permissions: ["calls.read"] } });

    const renamed = await api.request("PATCH", `/api/roles/${role.body.id}`, { token: admin, body: { name: "Call readers", permissions: ["calls.read", "traces.read"] } });
    const deleted = await api.request("DELETE", `/api/roles/${role.body.id}`, { token: admin });
    const after = await api.request("GET", `/api/roles/${role.body.id}`, { token: admin });

    expect(renamed.body).toMatchObject({ name: "Call readers", permissions: ["calls.read", "traces.read"] });
    expect(deleted.status).toBe(204);
    expect(after.status).toBe(404);
    expect(await auditActions("role.delete")).toHaveLength(1);
  });

  it("rejects an unknown permission naming the field", async () => {
    const response = await api.request("POST", "/api/roles", { token: admin, body: { name: "Bad", permissions: ["tenants.manage"] } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("body.permissions.0");
  });
});

describe("prompts", () => {
  it("creates a text-to-speech prompt per language", async () => {
    const cantonese = await api.request("POST", "/api/prompts", { token: admin, body: { name: "welcome", language: "yue", ttsText: "歡迎致電" } });
    const mandarin = await api.request("POST", "/api/prompts", { token: admin, body: { name: "welcome", language: "cmn", ttsText: "欢迎致电" } });
    const list = await api.request("GET", "/api/prompts", { token: admin });

    expect(cantonese.status).toBe(201);
    expect(mandarin.body).toMatchObject({ kind: "tts", ttsText: "欢迎致电", audioUri: null });
    expect(list.body.items.filter((prompt: { name: string }) => prompt.name === "welcome").map((prompt: { language: string }) => prompt.language)).toEqual(["cmn", "yue"]);
  });

  it("answers 409 to a second prompt of a language", async () => {
    await api.request("POST", "/api/prompts", { token: admin, body: { name: "goodbye", language: "en", ttsText: "Goodbye" } });

    const response = await api.request("POST", "/api/prompts", { token: admin, body: { name: "goodbye", language: "en", ttsText: "Bye" } });

    expect(response.status).toBe(409);
  });

  it("rejects a malformed language tag", async () => {
    const response = await api.request("POST", "/api/prompts", { token: admin, body: { name: "bad", language: "Cantonese", ttsText: "x" } });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("language");
  });

  it("uploads and downloads a WAV file", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "hold-music", language: "en", ttsText: "Please hold" } });
    const file = wavFile();

    const uploaded = await upload(`/api/prompts/${prompt.body.id}/audio`, admin, file, "audio/wav");
    const download = await fetch(`${api.baseUrl}/api/prompts/${prompt.body.id}/audio`, { headers: { authorization: `Bearer ${admin}` } });
    const bytes = Buffer.from(await download.arrayBuffer());

    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ kind: "audio", ttsText: null, audioContentType: "audio/wav", audioBytes: file.length, audioUri: `/api/prompts/${prompt.body.id}/audio` });
    expect(download.headers.get("content-type")).toBe("audio/wav");
    expect(bytes.equals(file)).toBe(true);
  });

  it("rejects a declared type it does not accept", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "text-file", language: "en", ttsText: "x" } });

    const response = await upload(`/api/prompts/${prompt.body.id}/audio`, admin, Buffer.from("hello"), "text/plain");

    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe("unsupported-audio-type");
  });

  it("rejects content that does not match its type", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "fake-wav", language: "en", ttsText: "x" } });

    const response = await upload(`/api/prompts/${prompt.body.id}/audio`, admin, Buffer.from("not really a wave file at all"), "audio/wav");

    expect(response.status).toBe(415);
  });

  it("rejects a file over the size limit", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "too-long", language: "en", ttsText: "x" } });

    const response = await upload(`/api/prompts/${prompt.body.id}/audio`, admin, wavFile(8 * 1024 * 1024), "audio/wav");

    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("body-too-large");
  });

  it("answers 404 for a prompt without audio", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "no-audio", language: "en", ttsText: "x" } });

    const response = await api.request("GET", `/api/prompts/${prompt.body.id}/audio`, { token: admin });

    expect(response.status).toBe(404);
  });

  it("deletes a prompt with its audio", async () => {
    const prompt = await api.request("POST", "/api/prompts", { token: admin, body: { name: "temporary", language: "en", ttsText: "x" } });
    await upload(`/api/prompts/${prompt.body.id}/audio`, admin, wavFile(), "audio/wav");

    const deleted = await api.request("DELETE", `/api/prompts/${prompt.body.id}`, { token: admin });
    const stored = await owner.query("select count(*)::int as count from prompt_audio where prompt_id = $1", [prompt.body.id]);

    expect(deleted.status).toBe(204);
    expect(stored.rows[0].count).toBe(0);
  });
});

describe("calendars", () => {
  const definition = { days: [{ date: "2026-10-10", name: "National Day" }, { date: "2026-12-31", name: "Year end", hours: [{ open: "09:00", close: "12:00" }] }] };

  it("creates, updates and deletes a calendar", async () => {
    const created = await api.request("POST", "/api/calendars", { token: admin, body: { name: "tw-holidays", timeZone: "Asia/Taipei", definition } });

    const updated = await api.request("PATCH", `/api/calendars/${created.body.id}`, { token: admin, body: { definition: { days: [{ date: "2027-01-01", name: "New Year" }] } } });
    const deleted = await api.request("DELETE", `/api/calendars/${created.body.id}`, { token: admin });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "tw-holidays", timeZone: "Asia/Taipei", definition });
    expect(updated.body.definition.days).toEqual([{ date: "2027-01-01", name: "New Year" }]);
    expect(deleted.status).toBe(204);
    expect(await auditActions("calendar.create")).toHaveLength(1);
  });

  it.each([
    ["a day that does not exist", { days: [{ date: "2026-02-30", name: "No such day" }] }, "body.definition.days.0.date"],
    ["a date listed twice", { days: [{ date: "2026-10-10", name: "A" }, { date: "2026-10-10", name: "B" }] }, "body.definition.days.1.date"],
    ["a malformed date", { days: [{ date: "10/10/2026", name: "A" }] }, "body.definition.days.0.date"],
    ["hours that close before they open", { days: [{ date: "2026-10-10", name: "A", hours: [{ open: "12:00", close: "09:00" }] }] }, "body.definition.days.0.hours.0"],
  ])("rejects %s", async (_case, badDefinition, path) => {
    const response = await api.request("POST", "/api/calendars", { token: admin, body: { name: "bad", timeZone: "Asia/Taipei", definition: badDefinition } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it("rejects an unknown time zone", async () => {
    const response = await api.request("POST", "/api/calendars", { token: admin, body: { name: "bad-zone", timeZone: "Asia/Atlantis", definition } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("body.timeZone");
  });
});

describe("settings", () => {
  it("switches encryption with an audit row", async () => {
    const before = await api.request("GET", "/api/settings", { token: admin });

    const changed = await api.request("PATCH", "/api/settings", { token: admin, body: { sensitiveDataEncryption: true } });
    const audit = await auditActions("tenant.settings.update");

    expect(before.body.sensitiveDataEncryption).toBe(false);
    expect(changed.body.sensitiveDataEncryption).toBe(true);
    expect(audit[0].actor_kind).toBe("user");
    expect(audit[0].details).toEqual({ before: { sensitiveDataEncryption: false }, after: { sensitiveDataEncryption: true } });
  });

  it("rejects tenant settings for an agent", async () => {
    const response = await api.request("PATCH", "/api/settings", { token: agent, body: { sensitiveDataEncryption: false } });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
  });

  it("sets a user's own locale", async () => {
    const changed = await api.request("PATCH", "/api/me", { token: agent, body: { locale: "zh-Hant" } });

    const response = await api.request("GET", "/api/settings", { token: agent });

    expect(changed.body.locale).toBe("zh-Hant");
    expect(response.body.error.message).toBe("您沒有執行此操作所需的權限 settings.manage。請向管理員申請包含該權限的角色。");
  });

  it("rejects a locale outside the three", async () => {
    const response = await api.request("PATCH", "/api/me", { token: agent, body: { locale: "fr" } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("body.locale");
  });
});

describe("OpenAPI document", () => {
  it.each([
    ["/api/users/{userId}", "patch", "users.manage"],
    ["/api/roles", "post", "roles.manage"],
    ["/api/prompts/{promptId}/audio", "put", "prompts.manage"],
    ["/api/calendars/{calendarId}", "delete", "calendars.manage"],
    ["/api/settings", "patch", "settings.manage"],
    ["/api/platform/tenants/{tenantId}/users", "post", "tenants.manage"],
  ])("documents %s %s", async (path, method, permission) => {
    const document = await api.request("GET", "/api/openapi.json");

    expect(document.status).toBe(200);
    expect(document.body.paths[path][method]["x-permission"]).toBe(permission);
  });
});
