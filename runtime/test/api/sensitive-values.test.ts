import type { Logger } from "@callflow/sdk";
import pg from "pg";

import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { runTestCall } from "../../src/store/test-call.js";
import { assignNumber, createPublishedFlow, createTenant } from "../store/support/store-fixtures.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { createTenantUser, signIn } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(60_000);

const NUMBER = "0800700700";

// Asks for an account number into a sensitive variable and ends.
const accountFlow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Account lookup" },
  languages: ["en"],
  entry: "collect",
  variables: { accountNo: { type: "string", sensitive: true } },
  nodes: [
    { id: "collect", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Enter your account number, then press hash" } }, variable: "accountNo", maxLength: 12 } },
    { id: "end", type: "flow.end" },
  ],
  edges: [{ from: "collect", port: "next", to: "end" }],
};

let postgres: TestPostgres;
let owner: pg.Pool;
let store: RuntimeStore;
let api: ApiHarness;
let admin: string;
let supervisor: string;
const logLines: string[] = [];

/** Builds a logger that keeps every record as a JSON line, bindings included. */
function recordingLogger(bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (fields: Record<string, unknown>, message: string) => {
    logLines.push(JSON.stringify({ level, ...bindings, ...fields, message }));
  };

  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error"), child: (more) => recordingLogger({ ...bindings, ...more }) };
}

async function call(accountNo: string): Promise<string> {
  const { callId } = await runTestCall(store, { number: NUMBER, input: `${accountNo}#@2s`, channelKind: "pstn", logger: recordingLogger() });

  await store.writer.flush();
  return callId;
}

async function storedValue(callId: string) {
  const result = await owner.query("select plain_value, ciphertext from call_sensitive_values where call_id = $1 and name = 'accountNo'", [callId]);

  return result.rows[0] as { plain_value: string | null; ciphertext: Buffer | null };
}

async function setEncryption(enabled: boolean): Promise<void> {
  const response = await api.request("PATCH", "/api/settings", { token: admin, body: { sensitiveDataEncryption: enabled } });

  expect(response.status).toBe(200);
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  owner = new pg.Pool({ connectionString: postgres.url, max: 2 });
  store = await openRuntimeStore({ url: postgres.url, masterKey: postgres.masterKey, logger: recordingLogger() });
  api = await startApi(store.db, { logger: recordingLogger() });
  const tenant = await createTenant(store.db, "Harbour Bank", { maxPstnCalls: 10 });
  const flowId = await createPublishedFlow(store.db, tenant, "account-lookup", accountFlow);
  await assignNumber(store.db, tenant, NUMBER, flowId);
  await createTenantUser(store.db, tenant.tenantId, "root", ["tenant-admin"]);
  await createTenantUser(store.db, tenant.tenantId, "sup", ["supervisor"]);
  admin = await signIn(api, "Harbour Bank", "root");
  supervisor = await signIn(api, "Harbour Bank", "sup");
  await setEncryption(true);
});

afterAll(async () => {
  await api?.close();
  await store?.close();
  await owner?.end();
  await postgres?.stop();
});

describe("sensitive values with encryption on", () => {
  let callId: string;

  beforeAll(async () => {
    callId = await call("4000123456");
  });

  it("stores ciphertext at rest", async () => {
    const stored = await storedValue(callId);

    expect(stored.plain_value).toBeNull();
    expect(stored.ciphertext).toBeInstanceOf(Buffer);
    expect(stored.ciphertext!.toString("latin1")).not.toContain("4000123456");
  });

  it("keeps the clear value out of other rows", async () => {
    const records = await owner.query("select variables::text as text from call_records where id = $1", [callId]);
    const trace = await owner.query("select string_agg(data::text, ' ') as text from call_trace_events where call_id = $1", [callId]);

    expect(records.rows[0].text).not.toContain("4000123456");
    expect(records.rows[0].text).toContain("0800700700");
    expect(trace.rows[0].text).not.toContain("4000123456");
    expect(trace.rows[0].text).toContain("[redacted]");
  });

  it("redacts the digits the caller pressed", async () => {
    const digits = await owner.query("select data->>'digit' as digit from call_trace_events where call_id = $1 and type = 'input.digit' order by seq", [callId]);

    expect(digits.rows.length).toBe("4000123456#".length);
    expect(new Set(digits.rows.map((row) => row.digit))).toEqual(new Set(["[redacted]"]));
  });

  it("keeps the clear value out of the logs", async () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain("4000123456");
  });

  it("shows the value decrypted with sensitive.view", async () => {
    const response = await api.request("GET", `/api/calls/${callId}`, { token: admin });

    expect(response.status).toBe(200);
    expect(response.body.sensitiveValues).toEqual({ accountNo: "4000123456" });
  });

  it("redacts the value without sensitive.view", async () => {
    const response = await api.request("GET", `/api/calls/${callId}`, { token: supervisor });

    expect(response.status).toBe(200);
    expect(response.body.sensitiveValues).toBeNull();
    expect(JSON.stringify(response.body)).not.toContain("4000123456");
  });

  it("keeps the value out of the trace route", async () => {
    const response = await api.request("GET", `/api/calls/${callId}/trace`, { token: admin });

    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain("4000123456");
  });
});

describe("switching encryption", () => {
  it("affects new calls only", async () => {
    const encrypted = await call("5000111111");

    await setEncryption(false);
    const plain = await call("6000222222");
    await setEncryption(true);
    const encryptedAgain = await call("7000333333");

    expect((await storedValue(encrypted)).plain_value).toBeNull();
    expect((await storedValue(plain)).plain_value).toBe("6000222222");
    expect((await storedValue(encryptedAgain)).plain_value).toBeNull();
  });

  it("reads both forms decrypted", async () => {
    const encrypted = await call("8000444444");
    await setEncryption(false);
    const plain = await call("9000555555");
    await setEncryption(true);

    const first = await api.request("GET", `/api/calls/${encrypted}`, { token: admin });
    const second = await api.request("GET", `/api/calls/${plain}`, { token: admin });

    expect(first.body.sensitiveValues).toEqual({ accountNo: "8000444444" });
    expect(second.body.sensitiveValues).toEqual({ accountNo: "9000555555" });
  });
});
