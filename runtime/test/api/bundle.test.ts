import { calendars, createConnector, phoneNumbers, promptAudio, prompts, putSecret } from "@callflow/db";
import { eq } from "drizzle-orm";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createTenant, createTenantUser, PASSWORD, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(60_000);

let postgres: TestPostgres;
let api: ApiHarness;
let tenantA: string;
let tenantB: string;
let adminA: string;
let adminB: string;
let analystA: string;
let flowId: string;

const SECRET_PASSWORD = "s3cret-Passw0rd-planted";
const SECRET_PIN = "pin-4711-planted";
const AUDIO = Buffer.from("RIFF-fake-wave-bytes-for-the-bundle-test");

/** Builds a subflow that collects a PIN into a sensitive variable with a planted initial value. */
function verifyDocument() {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Verify" },
    languages: ["en"],
    entry: "ask",
    variables: { pin: { type: "string", sensitive: true, initial: SECRET_PIN }, tries: { type: "number", initial: 3 } },
    nodes: [
      { id: "ask", type: "ivr.collectDigits", config: { prompt: { audio: "enter-pin" }, variable: "pin" } },
      { id: "done", type: "flow.end" },
    ],
    edges: [{ from: "ask", port: "next", to: "done" }],
  };
}

/** Builds a hotline that greets, checks the hours with a holiday calendar and calls the subflow. */
function hotlineDocument() {
  const week = [{ open: "09:00", close: "18:00" }];

  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Hotline" },
    languages: ["en"],
    entry: "greet",
    nodes: [
      { id: "greet", type: "media.play", config: { prompt: { audio: "welcome" } } },
      { id: "hours", type: "logic.businessHours", config: { timeZone: "Asia/Taipei", weekly: { mon: week, tue: week, wed: week, thu: week, fri: week }, calendar: "tw-holidays" } },
      { id: "verify", type: "flow.subflow", config: { flow: "verify" } },
      { id: "end", type: "flow.end" },
    ],
    edges: [
      { from: "greet", port: "next", to: "hours" },
      { from: "hours", port: "open", to: "verify" },
      { from: "hours", port: "closed", to: "end" },
      { from: "hours", port: "holiday", to: "end" },
      { from: "verify", port: "next", to: "end" },
    ],
  };
}

async function createPublished(token: string, name: string, document: unknown): Promise<string> {
  const created = await api.request("POST", "/api/flows", { token, body: { name, kind: "ivr", document } });
  const published = await api.request("POST", `/api/flows/${created.body.id}/publish`, { token, body: { draftVersion: 1 } });

  if (published.status !== 201) throw new Error(`publishing ${name} failed with ${published.status}: ${JSON.stringify(published.body)}`);
  return created.body.id as string;
}

async function seedLibrary(tenantId: string): Promise<void> {
  await postgres.db.withTenant(tenantId, async ({ tx }) => {
    const [welcome] = await tx.insert(prompts).values({ tenantId, name: "welcome", language: "en", kind: "audio", audioUri: "sound:custom/welcome" }).returning({ id: prompts.id });

    await tx.insert(promptAudio).values({ promptId: welcome.id, tenantId, contentType: "audio/wav", byteLength: AUDIO.length, content: AUDIO });
    await tx.insert(prompts).values({ tenantId, name: "enter-pin", language: "en", kind: "audio", audioUri: "sound:custom/enter-pin" });
    await tx.insert(calendars).values({ tenantId, name: "tw-holidays", timeZone: "Asia/Taipei", definition: { days: [{ date: "2026-10-10", name: "National Day" }] } });
  });
}

async function importBundle(token: string, bundle: unknown, options: Record<string, unknown> = {}) {
  return api.request("POST", "/api/flows/import", { token, body: { bundle, ...options } });
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  tenantA = await createTenant(postgres.db, "Harbour Bank");
  tenantB = await createTenant(postgres.db, "Lotus Telecom");
  const rootA = await createTenantUser(postgres.db, tenantA, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantA, "wong", ["supervisor"]);
  await createTenantUser(postgres.db, tenantB, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantB, "ana", ["tenant-analyst"]);
  adminA = await signIn(api, "Harbour Bank", "root");
  adminB = await signIn(api, "Lotus Telecom", "root");
  analystA = await signIn(api, "Harbour Bank", "wong");
  await seedLibrary(tenantA);
  await createPublished(adminA, "verify", verifyDocument());
  flowId = await createPublished(adminA, "hotline", hotlineDocument());
  await postgres.db.withPlatform(TEST_ACTOR, async (platform) => {
    await platform.assignNumber(tenantA, "0800111222");
    await platform.assignNumber(tenantB, "0800333444");
  });
  await postgres.db.withTenant(tenantA, async (scope) => {
    await scope.tx.update(phoneNumbers).set({ flowId, callerId: "0227001234" }).where(eq(phoneNumbers.number, "0800111222"));
    await putSecret(scope, { userId: rootA }, "crm-api", { type: "basic", username: "crm", password: SECRET_PASSWORD });
    await createConnector(scope, { userId: rootA }, { name: "crm", kind: "http", settings: { baseUrl: "https://crm.example.com" }, secret: "crm-api" });
  });
});

afterAll(async () => {
  await api.close();
  await postgres.stop();
});

describe("GET /api/flows/:flowId/bundle", () => {
  it("exports the flow and its references by name", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA });
    const bundle = response.body;

    expect(response.status).toBe(200);
    expect(bundle.bundleVersion).toBe(1);
    expect(bundle.flow).toMatchObject({ name: "hotline", kind: "ivr" });
    expect(bundle.subflows.map((subflow: { name: string }) => subflow.name)).toEqual(["verify"]);
    expect(bundle.prompts.map((prompt: { name: string }) => prompt.name)).toEqual(["enter-pin", "welcome"]);
    expect(bundle.prompts[1].audio).toEqual({ contentType: "audio/wav", base64: AUDIO.toString("base64") });
    expect(bundle.calendars).toEqual([{ name: "tw-holidays", timeZone: "Asia/Taipei", definition: { days: [{ date: "2026-10-10", name: "National Day" }] } }]);
    expect(bundle.numbers).toEqual([{ number: "0800111222", callerId: "0227001234" }]);
  });

  it("contains no ids and no secrets", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA });
    const text = JSON.stringify(response.body);

    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toContain(SECRET_PASSWORD);
    expect(text).not.toContain(SECRET_PIN);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(adminA);
    expect(text).not.toContain("crm-api");
    expect(response.body.subflows[0].document.variables.pin).toEqual({ type: "string", sensitive: true });
    expect(response.body.subflows[0].document.variables.tries.initial).toBe(3);
  });

  it("answers another tenant's flow with 404", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminB });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });

  it("exports a published version", async () => {
    const response = await api.request("GET", `/api/flows/${flowId}/bundle?version=1`, { token: adminA });
    const missing = await api.request("GET", `/api/flows/${flowId}/bundle?version=7`, { token: adminA });

    expect(response.status).toBe(200);
    expect(response.body.flow.document.entry).toBe("greet");
    expect(missing.status).toBe(404);
  });
});

describe("POST /api/flows/import", () => {
  it("imports into another tenant and re-binds names", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.numbers = [];

    const response = await importBundle(adminB, bundle);
    const validation = await api.request("POST", `/api/flows/${response.body.flowId}/validate`, { token: adminB, body: {} });
    const audio = await postgres.db.withTenant(tenantB, ({ tx }) => tx.select({ content: promptAudio.content }).from(promptAudio));

    expect(response.status).toBe(201);
    expect(response.body.name).toBe("hotline");
    expect(response.body.created).toEqual(
      expect.arrayContaining([
        { kind: "flow", name: "hotline" },
        { kind: "subflow", name: "verify" },
        { kind: "calendar", name: "tw-holidays" },
        { kind: "prompt", name: "welcome (en)" },
      ]),
    );
    expect(response.body.unpublished).toEqual([]);
    expect(validation.body.ok).toBe(true);
    expect(Buffer.from(audio[0].content).equals(AUDIO)).toBe(true);
  });

  it("rejects a number of another tenant", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.flow.name = "hotline-numbers";

    const response = await importBundle(adminB, bundle, { onConflict: "rename" });
    const flows = await api.request("GET", "/api/flows", { token: adminB });

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("bundle-foreign-reference");
    expect(response.body.error.message).toContain("0800111222");
    expect(flows.body.items.map((flow: { name: string }) => flow.name)).not.toContain("hotline-numbers");
  });

  it("rejects a smuggled database id", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.flow.name = "smuggler";
    bundle.calendars = [{ name: "smuggled-calendar", timeZone: "Asia/Taipei", definition: { days: [] } }];
    bundle.numbers = [];
    bundle.flow.document.nodes[2].config.flow = flowId;

    const response = await importBundle(adminB, bundle, { onConflict: "rename" });
    const calendarsOfB = await postgres.db.withTenant(tenantB, ({ tx }) => tx.select({ name: calendars.name }).from(calendars));

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("bundle-foreign-reference");
    expect(response.body.error.message).toContain("bundle.flow.document.nodes[2].config.flow");
    expect(calendarsOfB.map((row) => row.name)).not.toContain("smuggled-calendar");
  });

  it("rejects unknown fields with a clear 400", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.calendars[0].tenantId = tenantA;

    const response = await importBundle(adminB, bundle);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid-request");
    expect(response.body.error.message).toContain("body.bundle.calendars.0");
    expect(response.body.error.message).toContain("tenantId");
  });

  it("rejects names listed twice", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.calendars.push({ ...bundle.calendars[0], definition: { days: [] } });

    const response = await importBundle(adminB, bundle);

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("body.bundle.calendars.1: tw-holidays is listed twice");
  });

  it("reports conflicts and lets the caller choose", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.numbers = [];
    bundle.calendars[0].definition = { days: [{ date: "2026-12-25", name: "Christmas" }] };

    const failed = await importBundle(adminA, bundle);
    const renamed = await importBundle(adminA, bundle, { onConflict: "rename" });
    const calendarAfterRename = await postgres.db.withTenant(tenantA, ({ tx }) => tx.select().from(calendars).where(eq(calendars.name, "tw-holidays")));
    const replaced = await importBundle(adminA, bundle, { onConflict: "replace" });
    const calendarAfterReplace = await postgres.db.withTenant(tenantA, ({ tx }) => tx.select().from(calendars).where(eq(calendars.name, "tw-holidays")));

    expect(failed.status).toBe(409);
    expect(failed.body.error.code).toBe("bundle-conflict");
    expect(failed.body.error.message).toContain("flow hotline");
    expect(failed.body.error.message).toContain("calendar tw-holidays");
    expect(renamed.status).toBe(201);
    expect(renamed.body.name).toBe("hotline-2");
    expect(renamed.body.rebound).toEqual(expect.arrayContaining([{ kind: "calendar", name: "tw-holidays" }]));
    expect(calendarAfterRename[0].definition).toEqual({ days: [{ date: "2026-10-10", name: "National Day" }] });
    expect(replaced.status).toBe(201);
    expect(replaced.body.flowId).toBe(flowId);
    expect(replaced.body.replaced).toEqual(expect.arrayContaining([{ kind: "flow", name: "hotline" }, { kind: "calendar", name: "tw-holidays" }]));
    expect(calendarAfterReplace[0].definition).toEqual({ days: [{ date: "2026-12-25", name: "Christmas" }] });
  });

  it("binds the tenant's own numbers on request", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.flow.name = "hotline-bound";

    const response = await importBundle(adminA, bundle, { onConflict: "rename", bindNumbers: true });
    const [number] = await postgres.db.withTenant(tenantA, ({ tx }) => tx.select().from(phoneNumbers).where(eq(phoneNumbers.number, "0800111222")));

    expect(response.status).toBe(201);
    expect(response.body.numbers).toEqual([{ number: "0800111222", bound: true }]);
    expect(number.flowId).toBe(response.body.flowId);
  });

  it("needs the permissions of what it creates", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    const analystB = await signIn(api, "Lotus Telecom", "ana");
    bundle.numbers = [];

    const bySupervisor = await importBundle(analystA, bundle);
    const bindingWithoutNumbers = await importBundle(analystB, { ...bundle, numbers: [{ number: "0800333444", callerId: null }] }, { onConflict: "rename", bindNumbers: true });

    expect(bySupervisor.status).toBe(403);
    expect(bindingWithoutNumbers.status).toBe(403);
    expect(bindingWithoutNumbers.body.error.message).toContain("numbers.manage");
  });

  it("localizes the conflict message", async () => {
    const bundle = (await api.request("GET", `/api/flows/${flowId}/bundle`, { token: adminA })).body;
    bundle.numbers = [];

    const response = await api.request("POST", "/api/flows/import", { token: adminA, body: { bundle }, headers: { "accept-language": "zh-Hant" } });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain("租戶已有同名但內容不同的物件");
  });
});
