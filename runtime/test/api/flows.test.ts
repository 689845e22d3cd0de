import { startApi, type ApiHarness } from "./support/api-harness.js";
import { brokenHotlineDocument, hotlineDocument } from "./support/flow-documents.js";
import { createTenant, createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let mei: string;
let chan: string;
let flowCount = 0;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  const tenantId = await createTenant(postgres.db, "Harbour Bank");
  await createTenantUser(postgres.db, tenantId, "mei", ["tenant-analyst"], { displayName: "Mei Lin" });
  await createTenantUser(postgres.db, tenantId, "chan", ["tenant-analyst"], { displayName: "Chan Tai Man", locale: "zh-Hant" });
  mei = await signIn(api, "Harbour Bank", "mei");
  chan = await signIn(api, "Harbour Bank", "chan");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

/** Creates a flow with a unique name as mei and returns its id. */
async function newFlow(document: object = hotlineDocument()): Promise<string> {
  flowCount += 1;
  const response = await api.request("POST", "/api/flows", { token: mei, body: { name: `flow-${flowCount}`, kind: "ivr", document } });

  expect(response.status).toBe(201);
  return response.body.id as string;
}

describe("POST /api/flows", () => {
  it("creates a flow with draft version 1", async () => {
    const response = await api.request("POST", "/api/flows", { token: mei, body: { name: "main-hotline", kind: "ivr", document: hotlineDocument() } });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: "main-hotline", kind: "ivr", status: "draft", draftVersion: 1, publishedVersion: null });
    expect(response.body.updatedBy).toMatchObject({ login: "mei", displayName: "Mei Lin" });
    expect(response.body.document).toEqual(hotlineDocument());
  });

  it("rejects a name in use with 409", async () => {
    await api.request("POST", "/api/flows", { token: mei, body: { name: "taken", kind: "ivr", document: hotlineDocument() } });

    const response = await api.request("POST", "/api/flows", { token: mei, body: { name: "taken", kind: "ivr", document: hotlineDocument() } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("already-exists");
  });

  it("rejects a document of another kind with 400", async () => {
    const response = await api.request("POST", "/api/flows", { token: mei, body: { name: "wrong-kind", kind: "routing", document: hotlineDocument() } });

    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe("document.kind");
  });

  it("rejects a name that cannot be a subflow reference with 400", async () => {
    const response = await api.request("POST", "/api/flows", { token: mei, body: { name: "has spaces", kind: "ivr", document: hotlineDocument() } });

    expect(response.status).toBe(400);
  });
});

describe("GET /api/flows", () => {
  it("lists flows with status and last editor", async () => {
    const flowId = await newFlow();

    const response = await api.request("GET", "/api/flows?kind=ivr", { token: mei });
    const flow = response.body.items.find((item: { id: string }) => item.id === flowId);

    expect(response.status).toBe(200);
    expect(flow).toMatchObject({ status: "draft", draftVersion: 1, updatedBy: { displayName: "Mei Lin" } });
    expect(flow.document).toBeUndefined();
  });

  it("filters by kind", async () => {
    await newFlow();

    const response = await api.request("GET", "/api/flows?kind=routing", { token: mei });

    expect(response.body.items).toEqual([]);
  });
});

describe("PUT /api/flows/:flowId/draft", () => {
  it("saves over the base version", async () => {
    const flowId = await newFlow();

    const response = await api.request("PUT", `/api/flows/${flowId}/draft`, { token: chan, body: { baseVersion: 1, document: hotlineDocument("Press 1 now") } });
    const flow = await api.request("GET", `/api/flows/${flowId}`, { token: mei });

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(2);
    expect(flow.body.document.nodes[1].config.prompt.tts.en).toBe("Press 1 now");
    expect(flow.body.updatedBy.displayName).toBe("Chan Tai Man");
  });

  it("rejects a stale save with 409, author and time", async () => {
    const flowId = await newFlow();
    const chanSave = await api.request("PUT", `/api/flows/${flowId}/draft`, { token: chan, body: { baseVersion: 1, document: hotlineDocument("Chan's") } });

    const response = await api.request("PUT", `/api/flows/${flowId}/draft`, { token: mei, body: { baseVersion: 1, document: hotlineDocument("Mei's") } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("draft-stale");
    expect(response.body.error.details).toMatchObject({ currentVersion: 2, updatedBy: { login: "chan", displayName: "Chan Tai Man" } });
    expect(response.body.error.details.updatedAt).toBe(chanSave.body.updatedAt);
    expect(response.body.error.message).toContain("Chan Tai Man");
    expect(response.body.error.message).toContain(chanSave.body.updatedAt);
  });

  it("keeps the newer draft after a stale save", async () => {
    const flowId = await newFlow();
    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: chan, body: { baseVersion: 1, document: hotlineDocument("Chan's") } });

    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: mei, body: { baseVersion: 1, document: hotlineDocument("Mei's") } });
    const flow = await api.request("GET", `/api/flows/${flowId}`, { token: mei });

    expect(flow.body.document.nodes[1].config.prompt.tts.en).toBe("Chan's");
  });

  it("localizes the stale-save message", async () => {
    const flowId = await newFlow();
    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: mei, body: { baseVersion: 1, document: hotlineDocument("Mei's") } });

    const response = await api.request("PUT", `/api/flows/${flowId}/draft`, { token: chan, body: { baseVersion: 1, document: hotlineDocument("Chan's") } });

    expect(response.body.error.message).toMatch(/^Mei Lin 已於 .* 儲存此草稿（版本 2）；您的修改基於版本 1。/);
  });
});

describe("POST /api/flows/:flowId/validate", () => {
  it("accepts a draft that compiles", async () => {
    const flowId = await newFlow();

    const response = await api.request("POST", `/api/flows/${flowId}/validate`, { token: mei });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, draftVersion: 1, errorCount: 0 });
  });

  it("lists problems in zh-Hant", async () => {
    const flowId = await newFlow(brokenHotlineDocument());

    const response = await api.request("POST", `/api/flows/${flowId}/validate`, { token: chan });
    const problem = response.body.problems[0];

    expect(response.body.ok).toBe(false);
    expect(response.body.errorCount).toBe(1);
    expect(problem).toMatchObject({ code: "unconnected-required-port", severity: "error", nodeId: "menu" });
    expect(problem.message).toBe("節點「menu」的連接埠「sales」必須連線。請連接到接下來要執行的節點。");
  });

  it("follows Accept-Language for a user without a locale", async () => {
    const flowId = await newFlow(brokenHotlineDocument());

    const response = await api.request("POST", `/api/flows/${flowId}/validate`, { token: mei, headers: { "accept-language": "zh-CN" } });

    expect(response.body.problems[0].message).toBe("节点“menu”的端口“sales”必须连线。请连接到接下来要执行的节点。");
  });

  it("checks a document sent in the body", async () => {
    const flowId = await newFlow();

    const response = await api.request("POST", `/api/flows/${flowId}/validate`, { token: mei, body: { document: brokenHotlineDocument() } });

    expect(response.body).toMatchObject({ ok: false, draftVersion: null, errorCount: 1 });
  });
});

describe("publishing", () => {
  it("publishes, lists versions, compares and rolls back", async () => {
    const flowId = await newFlow();

    const first = await api.request("POST", `/api/flows/${flowId}/publish`, { token: mei, body: { draftVersion: 1, note: "first release" } });
    const published = await api.request("GET", `/api/flows/${flowId}`, { token: mei });
    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: mei, body: { baseVersion: 1, document: hotlineDocument("For sales, press one") } });
    const changed = await api.request("GET", `/api/flows/${flowId}`, { token: mei });
    const second = await api.request("POST", `/api/flows/${flowId}/publish`, { token: chan, body: { draftVersion: 2 } });
    const versions = await api.request("GET", `/api/flows/${flowId}/versions`, { token: mei });
    const diff = await api.request("GET", `/api/flows/${flowId}/diff?from=1&to=2`, { token: mei });
    const rollback = await api.request("POST", `/api/flows/${flowId}/rollback`, { token: mei, body: { version: 1 } });
    const third = await api.request("GET", `/api/flows/${flowId}/versions/3`, { token: mei });
    const draft = await api.request("GET", `/api/flows/${flowId}`, { token: mei });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, warnings: [] });
    expect(first.body.compiledHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(published.body).toMatchObject({ status: "published", publishedVersion: 1 });
    expect(changed.body.status).toBe("changed");
    expect(second.body.version).toBe(2);
    expect(versions.body.items.map((item: { version: number }) => item.version)).toEqual([2, 1]);
    expect(versions.body.items[1]).toMatchObject({ note: "first release", publishedBy: { login: "mei" } });
    expect(versions.body.items[0].publishedBy.login).toBe("chan");
    expect(diff.body.nodes.changed).toEqual([
      { id: "menu", type: "ivr.menu", changes: [{ path: "/config/prompt/tts/en", before: "For sales, press 1", after: "For sales, press one" }] },
    ]);
    expect(rollback.status).toBe(201);
    expect(rollback.body).toMatchObject({ version: 3, rolledBackTo: 1, compiledHash: first.body.compiledHash });
    expect(third.body.document).toEqual(hotlineDocument());
    expect(third.body.note).toBe("Rollback to version 1");
    expect(draft.body).toMatchObject({ draftVersion: 2, status: "changed" });
  });

  it("compares a version with the draft", async () => {
    const flowId = await newFlow();
    await api.request("POST", `/api/flows/${flowId}/publish`, { token: mei, body: { draftVersion: 1 } });
    const document = hotlineDocument();
    document.nodes.push({ id: "log", type: "util.log", config: {} });
    document.edges = [...document.edges.filter((edge) => edge.from !== "menu"), { from: "menu", port: "sales", to: "log" }];
    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: mei, body: { baseVersion: 1, document } });

    const response = await api.request("GET", `/api/flows/${flowId}/diff?from=1`, { token: mei });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: 1, to: "draft" });
    expect(response.body.nodes.added).toEqual([{ id: "log", type: "util.log" }]);
    expect(response.body.edges.changed).toEqual([{ from: "menu", port: "sales", before: "bye", after: "log" }]);
    expect(response.body.edges.added).toEqual([]);
  });

  it("rejects a draft with errors with 422 and its problems", async () => {
    const flowId = await newFlow(brokenHotlineDocument());

    const response = await api.request("POST", `/api/flows/${flowId}/publish`, { token: chan, body: { draftVersion: 1 } });
    const versions = await api.request("GET", `/api/flows/${flowId}/versions`, { token: mei });

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("flow-invalid");
    expect(response.body.error.message).toBe("流程有 1 個錯誤，無法發布。請修正後再次驗證。");
    expect(response.body.error.details.problems[0].code).toBe("unconnected-required-port");
    expect(versions.body.items).toEqual([]);
  });

  it("rejects publishing a stale draft version with 409", async () => {
    const flowId = await newFlow();
    await api.request("PUT", `/api/flows/${flowId}/draft`, { token: chan, body: { baseVersion: 1, document: hotlineDocument("newer") } });

    const response = await api.request("POST", `/api/flows/${flowId}/publish`, { token: mei, body: { draftVersion: 1 } });

    expect(response.status).toBe(409);
    expect(response.body.error.details.updatedBy.login).toBe("chan");
  });

  it("answers 404 for a version that does not exist", async () => {
    const flowId = await newFlow();

    const version = await api.request("GET", `/api/flows/${flowId}/versions/7`, { token: mei });
    const rollback = await api.request("POST", `/api/flows/${flowId}/rollback`, { token: mei, body: { version: 7 } });

    expect(version.status).toBe(404);
    expect(rollback.status).toBe(404);
  });
});
