import { randomUUID } from "node:crypto";

import { appendTraceEvents, callRecords, writeSensitiveValues, type CallOutcome } from "@callflow/db";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { hotlineDocument } from "./support/flow-documents.js";
import { createTenant, createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let admin: string;
let supervisor: string;
let agent: string;
let adminB: string;
let flowId: string;
let callIds: string[];
let callOfB: string;

const START = Date.parse("2026-11-02T09:00:00Z");
const OUTCOMES: CallOutcome[] = ["completed", "abandoned", "completed", "transferred", "completed"];

async function insertCall(tenantId: string, index: number, flow?: { id: string; version: number }): Promise<string> {
  const id = randomUUID();

  await postgres.db.withTenant(tenantId, ({ tx }) =>
    tx.insert(callRecords).values({
      id,
      tenantId,
      channel: "pstn",
      caller: `0912000${index}`,
      called: "0227001234",
      flowId: flow?.id ?? null,
      flowVersion: flow?.version ?? null,
      startedAt: new Date(START + index * 60_000),
      endedAt: new Date(START + index * 60_000 + 30_000),
      outcome: OUTCOMES[index % OUTCOMES.length],
      variables: { choice: "1" },
    }),
  );
  return id;
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db);
  const tenantA = await createTenant(postgres.db, "Harbour Bank");
  const tenantB = await createTenant(postgres.db, "Lotus Telecom");
  await createTenantUser(postgres.db, tenantA, "root", ["tenant-admin"]);
  await createTenantUser(postgres.db, tenantA, "sup", ["supervisor"]);
  await createTenantUser(postgres.db, tenantA, "wong", ["agent"]);
  await createTenantUser(postgres.db, tenantB, "root", ["tenant-admin"]);
  admin = await signIn(api, "Harbour Bank", "root");
  supervisor = await signIn(api, "Harbour Bank", "sup");
  agent = await signIn(api, "Harbour Bank", "wong");
  adminB = await signIn(api, "Lotus Telecom", "root");

  const created = await api.request("POST", "/api/flows", { token: admin, body: { name: "hotline", kind: "ivr", document: hotlineDocument() } });
  flowId = created.body.id;
  await api.request("POST", `/api/flows/${flowId}/publish`, { token: admin, body: { draftVersion: 1 } });

  callIds = [];
  for (let index = 0; index < 5; index++) {
    callIds.push(await insertCall(tenantA, index, index < 2 ? { id: flowId, version: 1 } : undefined));
  }
  callOfB = await insertCall(tenantB, 9);

  await postgres.db.withTenant(tenantA, async (scope) => {
    await writeSensitiveValues(scope, callIds[0], { accountNo: "12345678" });
    await appendTraceEvents(
      scope,
      callIds[0],
      ["node.entered", "dtmf", "dtmf", "node.left", "node.entered"].map((type, seq) => ({ seq, at: new Date(START + seq * 1000), type, nodeId: "menu", schemaVersion: 1, data: { seq } })),
    );
  });
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

describe("GET /api/calls", () => {
  it("lists the tenant's calls, newest first", async () => {
    const response = await api.request("GET", "/api/calls", { token: supervisor });

    expect(response.status).toBe(200);
    expect(response.body.items.map((call: { id: string }) => call.id)).toEqual([...callIds].reverse());
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[4]).toMatchObject({ caller: "09120000", durationMs: 30_000, outcome: "completed" });
  });

  it("pages through every call once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;

    do {
      const response: Awaited<ReturnType<ApiHarness["request"]>> = await api.request("GET", `/api/calls?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: supervisor });
      seen.push(...response.body.items.map((call: { id: string }) => call.id));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor !== null);

    expect(pages).toBe(3);
    expect(seen).toEqual([...callIds].reverse());
  });

  it("filters by outcome, flow and time", async () => {
    const completed = await api.request("GET", "/api/calls?outcome=completed", { token: supervisor });
    const ofFlow = await api.request("GET", `/api/calls?flowId=${flowId}`, { token: supervisor });
    const window = await api.request("GET", "/api/calls?from=2026-11-02T09:01:00Z&to=2026-11-02T09:03:00Z", { token: supervisor });

    expect(completed.body.items).toHaveLength(3);
    expect(ofFlow.body.items.map((call: { id: string }) => call.id)).toEqual([callIds[1], callIds[0]]);
    expect(window.body.items.map((call: { id: string }) => call.id)).toEqual([callIds[2], callIds[1]]);
  });

  it("returns an empty page for a cursor of another tenant", async () => {
    const response = await api.request("GET", `/api/calls?cursor=${callOfB}`, { token: supervisor });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it("rejects an invalid limit with 400", async () => {
    const response = await api.request("GET", "/api/calls?limit=1000", { token: supervisor });

    expect(response.status).toBe(400);
  });

  it("rejects a user without calls.read with 403", async () => {
    const response = await api.request("GET", "/api/calls", { token: agent });

    expect(response.status).toBe(403);
  });
});

describe("GET /api/calls/:callId", () => {
  it("shows sensitive values to holders of sensitive.view", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}`, { token: admin });

    expect(response.status).toBe(200);
    expect(response.body.variables).toEqual({ choice: "1" });
    expect(response.body.sensitiveValues).toEqual({ accountNo: "12345678" });
  });

  it("hides sensitive values from others", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}`, { token: supervisor });

    expect(response.body.sensitiveValues).toBeNull();
  });

  it("answers 404 for a call of another tenant", async () => {
    const response = await api.request("GET", `/api/calls/${callOfB}`, { token: admin });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not-found");
  });
});

describe("GET /api/calls/:callId/trace", () => {
  it("returns the events in order", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}/trace`, { token: supervisor });

    expect(response.status).toBe(200);
    expect(response.body.items.map((event: { seq: number }) => event.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(response.body.nextAfterSeq).toBeNull();
  });

  it("filters by event type", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}/trace?types=dtmf`, { token: supervisor });

    expect(response.body.items.map((event: { seq: number }) => event.seq)).toEqual([1, 2]);
  });

  it("pages by sequence number", async () => {
    const first = await api.request("GET", `/api/calls/${callIds[0]}/trace?limit=3`, { token: supervisor });
    const second = await api.request("GET", `/api/calls/${callIds[0]}/trace?limit=3&afterSeq=${first.body.nextAfterSeq}`, { token: supervisor });

    expect(first.body.nextAfterSeq).toBe(2);
    expect(second.body.items.map((event: { seq: number }) => event.seq)).toEqual([3, 4]);
    expect(second.body.nextAfterSeq).toBeNull();
  });

  it("answers 404 for a call of another tenant", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}/trace`, { token: adminB });

    expect(response.status).toBe(404);
  });

  it("rejects a user without traces.read with 403", async () => {
    const response = await api.request("GET", `/api/calls/${callIds[0]}/trace`, { token: agent });

    expect(response.status).toBe(403);
  });
});
