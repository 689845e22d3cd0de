import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createTenantSession, getCallRecord, listTraceEvents, verifyLogin } from "@callflow/db";
import pg from "pg";

import { newTenantToken } from "../../src/api/session-token.js";
import { startPlatform, type PlatformHandle } from "../../src/store/start-platform.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";

jest.setTimeout(60_000);

const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples");

let database: StoreTestDatabase;
let dataDir: string;
let platform: PlatformHandle;
// Name of the demo bank's database and login that the first start created.
let bankDatabase: string | undefined;
const printed: string[] = [];

function start(): Promise<PlatformHandle> {
  return startPlatform({
    dataDir,
    examplesDir: EXAMPLES,
    env: { DATABASE_URL: database.url, CALLFLOW_API_PORT: "0", CALLFLOW_TIME_ZONE: "Asia/Taipei" },
    print: (line) => printed.push(line),
  });
}

beforeAll(async () => {
  database = await createStoreTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "callflow-start-"));
  platform = await start();
  bankDatabase = platform.seeded?.coreBankingDatabase;
});

afterAll(async () => {
  await platform.shutdown();
  // The demo bank's database and login live on the server beside the test database.
  // A client of its own, because an idle owner-pool connection would see the server stop below.
  if (bankDatabase !== undefined) {
    const admin = new pg.Client({ connectionString: database.url });

    await admin.connect();
    await admin.query(`drop database if exists ${bankDatabase} with (force)`);
    await admin.query(`drop role if exists ${bankDatabase}`);
    await admin.end();
  }
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(): Promise<string> {
  const seeded = platform.seeded!;
  const { token, hash } = newTenantToken(seeded.tenantId);

  await platform.store.db.withTenant(seeded.tenantId, (scope) =>
    createTenantSession(scope, { tokenHash: hash, userId: seeded.adminUserId, expiresAt: new Date(Date.now() + 60_000) }),
  );
  return token;
}

function postTestCall(body: unknown, token?: string): Promise<Response> {
  return fetch(`${platform.apiUrl}/api/test-calls`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

describe("startPlatform", () => {
  it("seeds the demo tenant on first start", async () => {
    const seeded = platform.seeded!;

    const admin = await platform.store.db.withTenant(seeded.tenantId, (scope) => verifyLogin(scope, seeded.adminLogin, seeded.adminPassword));

    expect(seeded.numbers.map((entry) => entry.flow)).toEqual(["bank-hotline", "after-hours", "satisfaction-survey"]);
    expect(admin?.roles).toEqual(["tenant-admin"]);
    expect(printed.filter((line) => line.includes(seeded.adminPassword))).toHaveLength(1);
  });

  it("serves the health route", async () => {
    const response = await fetch(`${platform.apiUrl}/api/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up" } });
  });

  it("runs a test call to a demo number", async () => {
    const token = await signIn();
    const tenantId = platform.seeded!.tenantId;

    const response = await postTestCall({ number: "0800 123 456", input: "1@4s,1@9s,1234567890#@14s,7890@24s" }, token);
    const body = (await response.json()) as { callId: string; outcome: string; trace: Array<{ type: string }> };
    const record = await platform.store.db.withTenant(tenantId, (scope) => getCallRecord(scope, body.callId));
    const trace = await platform.store.db.withTenant(tenantId, (scope) => listTraceEvents(scope, body.callId));

    expect(response.status).toBe(201);
    expect(body.outcome).toBe("completed");
    expect(record).toMatchObject({ channel: "test", called: "0800123456", flowVersion: 1, outcome: "completed" });
    expect(trace).toHaveLength(body.trace.length);
    expect(body.trace.map((event) => event.type)).toContain("node.entered");
  });

  it("serves a test call's record and trace", async () => {
    const token = await signIn();
    const headers = { authorization: `Bearer ${token}` };
    const call = (await (await postTestCall({ number: "1999", input: "5@3s" }, token)).json()) as { callId: string; trace: unknown[] };

    const record = await fetch(`${platform.apiUrl}/api/calls/${call.callId}`, { headers });
    const trace = await fetch(`${platform.apiUrl}/api/calls/${call.callId}/trace?limit=500`, { headers });
    const page = (await trace.json()) as { items: unknown[] };

    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ id: call.callId, called: "1999", channel: "test" });
    expect(trace.status).toBe(200);
    expect(page.items).toHaveLength(call.trace.length);
    expect(page.items).toEqual(call.trace);
  });

  it("rejects a test call without a session", async () => {
    const response = await postTestCall({ number: "0800123456" });

    expect(response.status).toBe(401);
  });

  it("rejects a number of another tenant", async () => {
    const token = await signIn();

    const response = await postTestCall({ number: "0800999999" }, token);

    expect(response.status).toBe(404);
  });

  it("does not seed again on the next start", async () => {
    await platform.shutdown();
    const linesBefore = printed.length;

    platform = await start();

    expect(platform.seeded).toBeUndefined();
    expect(printed).toHaveLength(linesBefore);
  });
});
