import { silentLogger } from "@callflow/sdk";

import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { testCallRoutes } from "../../src/store/test-call-route.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { closeOpenSockets, connectSocket, type SocketMessage } from "./support/test-call-socket-client.js";
import { createOperator, createTenantUser, signIn, TEST_ACTOR } from "./support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(60_000);

let postgres: TestPostgres;
let store: RuntimeStore;
let api: ApiHarness;
let analyst: string;
let supervisor: string;
let analystB: string;
let flowId: string;
let sensitiveFlowId: string;
let flowOfB: string;
let tenantA: string;

/** Builds a menu that waits a minute for 1, then thanks the caller and ends. */
function menuDocument() {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Socket menu" },
    languages: ["en", "cmn"],
    entry: "menu",
    nodes: [
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "For sales, press 1", cmn: "業務請按1" } }, options: [{ key: "1", port: "one" }], firstKeyTimeoutMs: 60_000, maxAttempts: 1 } },
      { id: "thanks", type: "media.play", config: { prompt: { tts: { en: "Thank you", cmn: "謝謝" } }, bargeIn: false } },
      { id: "end", type: "flow.end" },
    ],
    edges: [
      { from: "menu", port: "one", to: "thanks" },
      { from: "thanks", port: "next", to: "end" },
    ],
  };
}

/** Builds a flow that collects an account number into a sensitive variable and reads it back. */
function sensitiveDocument() {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Account check" },
    languages: ["en"],
    entry: "collect",
    variables: { accountNo: { type: "string", sensitive: true } },
    nodes: [
      { id: "collect", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Enter your account number" } }, variable: "accountNo", firstDigitTimeoutMs: 60_000 } },
      { id: "confirm", type: "media.play", config: { prompt: { tts: { en: "You entered {{ accountNo }}" } }, bargeIn: false } },
      { id: "end", type: "flow.end" },
    ],
    edges: [
      { from: "collect", port: "next", to: "confirm" },
      { from: "confirm", port: "next", to: "end" },
    ],
  };
}

async function createFlow(token: string, name: string, document: unknown): Promise<string> {
  const created = await api.request("POST", "/api/flows", { token, body: { name, kind: "ivr", document } });

  if (created.status !== 201) throw new Error(`creating flow ${name} failed with ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

function startMessage(overrides: Record<string, unknown> = {}) {
  return { type: "start", flowId, source: { kind: "draft" }, caller: "0912345678", called: "0800123456", ...overrides };
}

const ofType = (type: string) => (message: SocketMessage) => message.type === type;
const traceOf = (type: string) => (message: SocketMessage) => message.type === "trace" && message.event.type === type;

async function testSlotsInUse(tenantId: string): Promise<number> {
  const usage = await store.db.readCallSlotUsage(tenantId);

  return usage.find((row) => row.channel === "test")!.inUse;
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  store = await openRuntimeStore({ url: postgres.url, masterKey: postgres.masterKey, writer: { flushIntervalMs: 50 } });
  api = await startApi(store.db, {
    extraRoutes: testCallRoutes({ store, logger: silentLogger, timeZone: "Asia/Taipei", serviceLanguage: "cmn", socketAuthTimeoutMs: 500 }),
  });
  tenantA = await store.db.withPlatform(TEST_ACTOR, async (platform) => (await platform.createTenant({ name: "Harbour Bank", defaultLocale: "en", quotas: { maxTestCalls: 2 } })).id);
  const tenantB = await store.db.withPlatform(TEST_ACTOR, async (platform) => (await platform.createTenant({ name: "Lotus Telecom", defaultLocale: "en" })).id);
  await createTenantUser(store.db, tenantA, "ana", ["tenant-analyst"]);
  await createTenantUser(store.db, tenantA, "sup", ["supervisor"]);
  await createTenantUser(store.db, tenantB, "bea", ["tenant-analyst"]);
  analyst = await signIn(api, "Harbour Bank", "ana");
  supervisor = await signIn(api, "Harbour Bank", "sup");
  analystB = await signIn(api, "Lotus Telecom", "bea");
  flowId = await createFlow(analyst, "socket-menu", menuDocument());
  sensitiveFlowId = await createFlow(analyst, "account-check", sensitiveDocument());
  flowOfB = await createFlow(analystB, "socket-menu", menuDocument());
});

afterEach(() => {
  closeOpenSockets();
});

afterAll(async () => {
  await api.close();
  await store.close();
  await postgres.stop();
});

describe("test call socket", () => {
  it("runs a draft call with keys, prompts and audio", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage());
    const started = await socket.next(ofType("started"));
    const prompt = await socket.next(ofType("prompt"));
    socket.send({ type: "dtmf", digits: "1" });
    const ended = await socket.next(ofType("ended"));
    const audio = await fetch(`${api.baseUrl}${prompt.audioUrl}`);
    const wav = Buffer.from(await audio.arrayBuffer());
    socket.close();

    expect(started).toMatchObject({ flowId, version: null });
    expect(socket.messages[0].type).toBe("started");
    expect(prompt).toMatchObject({ nodeId: "menu", text: "For sales, press 1", language: "en" });
    expect(socket.messages.some(traceOf("input.digit"))).toBe(true);
    expect(socket.messages.filter(ofType("prompt")).map((message) => message.text)).toEqual(["For sales, press 1", "Thank you"]);
    expect(ended).toMatchObject({ callId: started.callId, reason: "completed" });
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
  });

  it("stores the call as a test call of the draft", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage());
    const started = await socket.next(ofType("started"));
    socket.send({ type: "hangup" });
    const ended = await socket.next(ofType("ended"));
    socket.close();
    await store.writer.flush();
    const record = await api.request("GET", `/api/calls/${started.callId}`, { token: analyst });

    expect(ended.reason).toBe("hangup");
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ channel: "test", flowId, flowVersion: null, outcome: "abandoned" });
  });

  it("signs in with an auth message", async () => {
    const socket = await connectSocket(api.baseUrl);

    socket.send({ type: "auth", token: analyst });
    socket.send(startMessage());
    const started = await socket.next(ofType("started"));
    socket.close();

    expect(started.flowId).toBe(flowId);
  });

  it("closes with 4401 without authentication", async () => {
    const socket = await connectSocket(api.baseUrl);

    const code = await socket.closed;

    expect(code).toBe(4401);
    expect(socket.messages[0]).toMatchObject({ type: "error", code: "unauthenticated" });
  });

  it("closes with 4401 for a wrong token", async () => {
    const socket = await connectSocket(api.baseUrl, { token: `${analyst.slice(0, -4)}AAAA` });

    const code = await socket.closed;

    expect(code).toBe(4401);
  });

  it("closes with 4403 without flows.test", async () => {
    const socket = await connectSocket(api.baseUrl, { token: supervisor });

    const code = await socket.closed;

    expect(code).toBe(4403);
    expect(socket.messages[0]).toMatchObject({ type: "error", code: "forbidden" });
  });

  it("reports bad messages and keeps the call", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send("not json");
    const notJson = await socket.next((message) => message.type === "error");
    socket.send({ type: "dtmf", digits: "1" });
    const notStarted = await socket.next((message) => message.code === "call-not-started");
    socket.send(startMessage());
    await socket.next(ofType("started"));
    socket.send({ type: "dtmf", digits: "12x" });
    const badDigits = await socket.next((message) => message.type === "error" && message.message.includes("dtmf.digits"));
    socket.send(startMessage());
    const twice = await socket.next((message) => message.code === "call-already-started");
    socket.send({ type: "dtmf", digits: "1" });
    const ended = await socket.next(ofType("ended"));
    socket.close();

    expect(notJson.code).toBe("invalid-message");
    expect(notStarted.message).toContain("start message");
    expect(badDigits).toMatchObject({ code: "invalid-message" });
    expect(badDigits.message).toContain("0-9, * and #");
    expect(twice.code).toBe("call-already-started");
    expect(ended.reason).toBe("completed");
  });

  it("names the field of an invalid start", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ caller: "abc", at: "tomorrow" }));
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("invalid-message");
    expect(error.message).toContain("start.caller");
    expect(error.message).toContain("start.at");
  });

  it("answers another tenant's flow with not-found", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ flowId: flowOfB }));
    const error = await socket.next(ofType("error"));
    socket.send(startMessage());
    const started = await socket.next(ofType("started"));
    socket.close();

    expect(error).toMatchObject({ code: "not-found" });
    expect(started.flowId).toBe(flowId);
  });

  it("localizes errors by Accept-Language", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst, headers: { "accept-language": "zh-Hant" } });

    socket.send({ type: "hangup" });
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("call-not-started");
    expect(error.message).toBe("此連線上沒有進行中的測試通話。請先傳送 start 訊息。");
  });

  it("runs a published version", async () => {
    await api.request("POST", `/api/flows/${flowId}/publish`, { token: analyst, body: { draftVersion: 1 } });
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ source: { kind: "version", version: 1 } }));
    const started = await socket.next(ofType("started"));
    socket.close();

    expect(started.version).toBe(1);
  });

  it("answers a missing version with not-found", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ source: { kind: "version", version: 99 } }));
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("not-found");
    expect(error.message).toContain("flow version");
  });

  it("starts the clock at the requested time and language", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ at: "2026-12-07T10:00:00+08:00", language: "cmn" }));
    const callStarted = await socket.next(traceOf("call.started"));
    const prompt = await socket.next(ofType("prompt"));
    socket.close();
    const at = Date.parse("2026-12-07T10:00:00+08:00");

    expect(callStarted.event.at).toBeGreaterThanOrEqual(at);
    expect(callStarted.event.at).toBeLessThan(at + 10_000);
    expect(prompt).toMatchObject({ text: "業務請按1", language: "cmn" });
  });

  it("hangs up when the socket closes", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage());
    const started = await socket.next(ofType("started"));
    const during = await testSlotsInUse(tenantA);
    socket.close();
    let record: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 100 && record?.outcome !== "abandoned"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.writer.flush();
      record = (await api.request("GET", `/api/calls/${started.callId}`, { token: analyst })).body;
    }

    expect(during).toBeGreaterThanOrEqual(1);
    expect(record?.outcome).toBe("abandoned");
    expect(await testSlotsInUse(tenantA)).toBe(0);
  });

  it("refuses a call over the test call limit", async () => {
    const first = await connectSocket(api.baseUrl, { token: analyst });
    const second = await connectSocket(api.baseUrl, { token: analyst });
    const third = await connectSocket(api.baseUrl, { token: analyst });

    first.send(startMessage());
    await first.next(ofType("started"));
    second.send(startMessage());
    await second.next(ofType("started"));
    third.send(startMessage());
    const refused = await third.next(ofType("error"));
    first.close();
    second.close();
    third.close();

    expect(refused.code).toBe("test-call-limit");
    expect(refused.message).toContain("2 test call(s)");
  });

  it("redacts sensitive values in prompts without sensitive.view", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ flowId: sensitiveFlowId }));
    await socket.next(ofType("prompt"));
    socket.send({ type: "dtmf", digits: "80706050#" });
    await socket.next(ofType("ended"));
    socket.close();
    const text = JSON.stringify(socket.messages);

    expect(socket.messages.filter(ofType("prompt")).map((message) => message.text)).toEqual(["Enter your account number", "You entered [redacted]"]);
    expect(text).not.toContain("80706050");
  });
});

describe("test call replay", () => {
  it("replays a stored call's keys against the draft", async () => {
    const recorded = await connectSocket(api.baseUrl, { token: analyst });
    recorded.send(startMessage());
    const original = await recorded.next(ofType("started"));
    await recorded.next(ofType("prompt"));
    recorded.send({ type: "dtmf", digits: "1" });
    await recorded.next(ofType("ended"));
    recorded.close();
    await store.writer.flush();

    const input = await api.request("GET", `/api/calls/${original.callId}/caller-input`, { token: analyst });
    const foreign = await api.request("GET", `/api/calls/${original.callId}/caller-input`, { token: analystB });
    const replay = await connectSocket(api.baseUrl, { token: analyst });
    replay.send(startMessage({ replayCallId: original.callId }));
    await replay.next(ofType("started"));
    replay.send({ type: "dtmf", digits: "2" });
    const refusedKey = await replay.next(ofType("error"));
    const ended = await replay.next(ofType("ended"));
    replay.close();

    expect(input.status).toBe(200);
    expect(input.body.actions).toHaveLength(1);
    expect(input.body.actions[0].action).toBe("1");
    expect(input.body.script).toMatch(/^1@\d+ms$/);
    expect(foreign.status).toBe(404);
    expect(refusedKey.code).toBe("invalid-message");
    expect(replay.messages.filter(traceOf("input.digit")).map((message) => message.event.digit)).toEqual(["1"]);
    expect(ended.reason).toBe("completed");
  });

  it("answers another tenant's call with not-found", async () => {
    const recorded = await connectSocket(api.baseUrl, { token: analystB });
    recorded.send(startMessage({ flowId: flowOfB }));
    const original = await recorded.next(ofType("started"));
    recorded.send({ type: "hangup" });
    await recorded.next(ofType("ended"));
    recorded.close();
    await store.writer.flush();
    const socket = await connectSocket(api.baseUrl, { token: analyst });

    socket.send(startMessage({ replayCallId: original.callId }));
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("not-found");
  });
});

describe("test call socket route", () => {
  it("answers plain HTTP with 426", async () => {
    const response = await api.request("GET", "/api/test-calls/socket");

    expect(response.status).toBe(426);
    expect(response.body.error.code).toBe("upgrade-required");
  });

  it("documents the protocol in OpenAPI", async () => {
    const response = await api.request("GET", "/api/openapi.json");
    const operation = response.body.paths["/api/test-calls/socket"].get;

    expect(operation.description).toContain('{"type":"dtmf","digits":"1"}');
    expect(operation.description).toContain("4401");
  });

  it("rejects a wrong audio key", async () => {
    const socket = await connectSocket(api.baseUrl, { token: analyst });
    socket.send(startMessage());
    const prompt = await socket.next(ofType("prompt"));
    socket.close();
    const wrongKey = String(prompt.audioUrl).replace(/key=.*/, `key=${"A".repeat(32)}`);

    const response = await api.request("GET", wrongKey);

    expect(response.status).toBe(404);
  });
});

describe("test call socket for platform users", () => {
  let operator: string;

  beforeAll(async () => {
    await createOperator(store.db, "ops", ["platform-operator"]);
    operator = await signIn(api, undefined, "ops");
  });

  it("runs a call in the tenant that the start names", async () => {
    const socket = await connectSocket(api.baseUrl, { token: operator });

    socket.send(startMessage({ tenant: tenantA }));
    const started = await socket.next(ofType("started"));
    socket.send({ type: "hangup" });
    await socket.next(ofType("ended"));
    socket.close();

    expect(started).toMatchObject({ flowId });
  });

  it("requires a tenant in the start", async () => {
    const socket = await connectSocket(api.baseUrl, { token: operator });

    socket.send(startMessage());
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("tenant-required");
  });

  it("finds no flow of another tenant than the one named", async () => {
    const socket = await connectSocket(api.baseUrl, { token: operator });

    socket.send(startMessage({ tenant: tenantA, flowId: flowOfB }));
    const error = await socket.next(ofType("error"));
    socket.close();

    expect(error.code).toBe("not-found");
  });
});
