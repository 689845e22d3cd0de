import { readFileSync } from "node:fs";
import path from "node:path";

import { templateRoutes } from "../../src/api/routes/template-routes.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createTenant, createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

const EXAMPLES_DIR = path.resolve(__dirname, "../../../examples");

let postgres: TestPostgres;
let api: ApiHarness;
let token: string;
let otherToken: string;
let agentToken: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db, { extraRoutes: templateRoutes(EXAMPLES_DIR) });
  const tenantId = await createTenant(postgres.db, "Harbour Bank");
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"]);
  await createTenantUser(postgres.db, tenantId, "ken", ["agent"]);
  token = await signIn(api, "Harbour Bank", "mei");
  agentToken = await signIn(api, "Harbour Bank", "ken");
  const otherId = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, otherId, "lee", ["tenant-analyst"]);
  otherToken = await signIn(api, "Lotus Telecom", "lee");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("GET /api/templates", () => {
  it("lists every example flow", async () => {
    const response = await api.request("GET", "/api/templates", { token });

    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(["after-hours", "bank-hotline", "satisfaction-survey"]);
  });

  it("filters by kind", async () => {
    const response = await api.request("GET", "/api/templates?kind=survey", { token });

    expect(response.body.items).toEqual([expect.objectContaining({ id: "satisfaction-survey", kind: "survey" })]);
  });

  it("titles templates in the caller's locale", async () => {
    const response = await api.request("GET", "/api/templates?kind=ivr", { token, headers: { "accept-language": "zh-Hant" } });
    const bank = response.body.items.find((item: { id: string }) => item.id === "bank-hotline");

    expect(bank.title).toBe("銀行客服專線");
  });

  it("returns a template's document as stored", async () => {
    const expected = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, "bank-hotline", "flow.json"), "utf8"));

    const response = await api.request("GET", "/api/templates/bank-hotline", { token });

    expect(response.status).toBe(200);
    expect(response.body.document).toEqual(expected);
  });

  it("answers 404 for an unknown template", async () => {
    const response = await api.request("GET", "/api/templates/no-such-flow", { token });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });

  it("requires a session", async () => {
    const response = await api.request("GET", "/api/templates");

    expect(response.status).toBe(401);
  });
});

describe("POST /api/templates/:templateId/flows", () => {
  const names = (items: Array<{ name: string }>) => items.map((item) => item.name).sort();

  it("creates the bank flow with its subflow, prompts and calendar", async () => {
    const response = await api.request("POST", "/api/templates/bank-hotline/flows", { token, body: { name: "my-hotline" } });

    expect(response.status).toBe(201);
    expect(response.body.name).toBe("my-hotline");
    expect(response.body.created).toEqual(
      expect.arrayContaining([
        { kind: "flow", name: "my-hotline" },
        { kind: "subflow", name: "verify-account" },
        { kind: "calendar", name: "tw-holidays" },
        expect.objectContaining({ kind: "prompt", name: expect.stringContaining("welcome") }),
      ]),
    );
  });

  it("gives a flow whose calendar, prompt and subflow resolve", async () => {
    const flows = await api.request("GET", "/api/flows", { token });
    const flowId = flows.body.items.find((flow: { name: string }) => flow.name === "my-hotline").id;

    const validation = await api.request("POST", `/api/flows/${flowId}/validate`, { token });
    const messages = validation.body.problems.map((problem: { message: string }) => problem.message).join("\n");

    expect(messages).not.toMatch(/tw-holidays|verify-account|welcome/);
  });

  it("shows the library is needed: the bare document misses it", async () => {
    const thirdId = await createTenant(postgres.db, "Empty Co");
    await createTenantUser(postgres.db, thirdId, "amy", ["tenant-analyst"]);
    const amy = await signIn(api, "Empty Co", "amy");
    const template = await api.request("GET", "/api/templates/bank-hotline", { token: amy });
    const created = await api.request("POST", "/api/flows", { token: amy, body: { name: "bare", kind: "ivr", document: template.body.document } });

    const validation = await api.request("POST", `/api/flows/${created.body.id}/validate`, { token: amy });
    const messages = validation.body.problems.map((problem: { message: string }) => problem.message).join("\n");

    expect(messages).toMatch(/tw-holidays/);
  });

  it("reuses the library for a second flow", async () => {
    const response = await api.request("POST", "/api/templates/bank-hotline/flows", { token, body: { name: "second-hotline" } });
    const calendars = await api.request("GET", "/api/calendars", { token });

    expect(response.status).toBe(201);
    expect(response.body.created).toEqual([{ kind: "flow", name: "second-hotline" }]);
    expect(names(calendars.body.items)).toEqual(["tw-holidays"]);
  });

  it("keeps the tenant's own calendar of the same name", async () => {
    const own = { name: "office-days", timeZone: "Asia/Taipei", definition: { days: [{ date: "2026-12-24", name: "Party" }] } };
    const created = await api.request("POST", "/api/calendars", { token: otherToken, body: { ...own, name: "tw-holidays" } });

    const response = await api.request("POST", "/api/templates/bank-hotline/flows", { token: otherToken, body: { name: "hotline" } });
    const calendar = await api.request("GET", `/api/calendars/${created.body.id}`, { token: otherToken });

    expect(created.status).toBe(201);
    expect(response.status).toBe(201);
    expect(response.body.rebound).toContainEqual({ kind: "calendar", name: "tw-holidays" });
    expect(calendar.body.definition.days).toEqual(own.definition.days);
  });

  it("keeps one tenant's template flows from another", async () => {
    const flows = await api.request("GET", "/api/flows", { token: otherToken });

    expect(names(flows.body.items)).toEqual(["hotline", "verify-account"]);
  });

  it("rejects a flow name already taken with 409", async () => {
    const response = await api.request("POST", "/api/templates/after-hours/flows", { token, body: { name: "my-hotline" } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("already-exists");
  });

  it("rejects an invalid flow name with 400", async () => {
    const response = await api.request("POST", "/api/templates/after-hours/flows", { token, body: { name: "../etc" } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].path).toBe("body.name");
  });

  it("answers 404 for an unknown template", async () => {
    const response = await api.request("POST", "/api/templates/no-such-flow/flows", { token, body: { name: "x" } });

    expect(response.status).toBe(404);
  });

  it("needs flows.edit", async () => {
    const response = await api.request("POST", "/api/templates/after-hours/flows", { token: agentToken, body: { name: "agent-flow" } });

    expect(response.status).toBe(403);
  });
});
