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

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db, { extraRoutes: templateRoutes(EXAMPLES_DIR) });
  const tenantId = await createTenant(postgres.db, "Harbour Bank");
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"]);
  token = await signIn(api, "Harbour Bank", "mei");
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
