import { VirtualClock } from "@callflow/sdk";
import WebSocket from "ws";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import { acdEventSocketRoutes } from "../../src/acd/acd-event-socket.js";
import { acdRoutes } from "../../src/acd/acd-routes.js";
import { startApi, type ApiHarness } from "../api/support/api-harness.js";
import { createTenant, createTenantUser, signIn } from "../api/support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "../api/support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
const engines = new Map<string, AcdEngine>();
let engine: AcdEngine;
let agentId: string;
let agentToken: string;
let supervisorToken: string;
let otherTenantSupervisor: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const lookup = (tenantId: string) => engines.get(tenantId);
  api = await startApi(postgres.db, { extraRoutes: [...acdRoutes(lookup), ...acdEventSocketRoutes({ db: postgres.db, engines: lookup })] });
  const tenantId = await createTenant(postgres.db, "Harbour Bank");
  const otherId = await createTenant(postgres.db, "River Telecom");
  agentId = await createTenantUser(postgres.db, tenantId, "wei", ["agent"]);
  await createTenantUser(postgres.db, tenantId, "lin", ["supervisor"]);
  await createTenantUser(postgres.db, otherId, "chen", ["supervisor"]);
  engine = new AcdEngine({ clock: new VirtualClock(Date.parse("2026-12-07T02:00:00Z")) });
  engine.configureQueue({ id: "cards", skill: "cards" });
  engine.configureAgent({ id: agentId, skills: { cards: 5 } });
  engines.set(tenantId, engine);
  engines.set(otherId, new AcdEngine({ clock: new VirtualClock(0) }));
  agentToken = await signIn(api, "Harbour Bank", "wei");
  supervisorToken = await signIn(api, "Harbour Bank", "lin");
  otherTenantSupervisor = await signIn(api, "River Telecom", "chen");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

// Opens the event socket and collects its messages; resolves `next(type)` when one of that type arrives.
function openEvents(token: string) {
  const messages: Array<Record<string, any>> = [];
  const waiters: Array<() => void> = [];
  const ws = new WebSocket(`${api.baseUrl.replace(/^http/, "ws")}/api/acd/events`, { headers: { authorization: `Bearer ${token}` } });

  ws.on("message", (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const waiter of waiters.splice(0)) waiter();
  });
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const test = () => (check() ? resolve() : waiters.push(test));

      test();
    });
  return { ws, messages, until };
}

describe("ACD agent routes", () => {
  test("agent logs in, takes and ends a call", async () => {
    const login = await api.request("POST", "/api/acd/agent/login", { token: agentToken, body: { ready: true } });
    engine.enqueue({ id: "call-1", queue: "cards", caller: "0912000001", data: { digits: "1234" } });

    const offered = await api.request("GET", "/api/acd/agent", { token: agentToken });
    const accepted = await api.request("POST", "/api/acd/agent/accept", { token: agentToken, body: { callId: "call-1" } });
    const ended = await api.request("POST", "/api/acd/agent/end-call", { token: agentToken });

    expect(login.body.state).toBe("ready");
    expect(offered.body).toMatchObject({ state: "reserved", call: { id: "call-1", caller: "0912000001", data: { digits: "1234" } } });
    expect(accepted.body.state).toBe("on-call");
    expect(ended.body.state).toBe("ready");
  });

  test("stale accept gets 409 in the user's locale", async () => {
    const response = await api.request("POST", "/api/acd/agent/accept", { token: agentToken, body: { callId: "gone" }, headers: { "accept-language": "zh-Hant" } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("acd-conflict");
    expect(response.body.error.message).toContain("來電分配現在無法執行此操作：no offer of call gone to agent");
  });

  test("supervisor routes need queues.monitor", async () => {
    const response = await api.request("GET", "/api/acd/centre", { token: agentToken });

    expect(response.status).toBe(403);
  });
});

describe("ACD supervisor routes", () => {
  test("centre lists queues and agents", async () => {
    const response = await api.request("GET", "/api/acd/centre", { token: supervisorToken });

    expect(response.status).toBe(200);
    expect(response.body.queues).toEqual([expect.objectContaining({ id: "cards", waiting: 0, agentsReady: 1, agentsLoggedIn: 1 })]);
    expect(response.body.agents).toEqual([expect.objectContaining({ id: agentId, state: "ready" })]);
  });

  test("forces an agent not ready", async () => {
    const response = await api.request("POST", `/api/acd/agents/${agentId}/state`, { token: supervisorToken, body: { state: "not-ready", reason: "coaching" } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ state: "not-ready", reason: "coaching" });
    expect(response.body.forcedBy).toEqual(expect.any(String));
  });

  test("another tenant sees none of these agents", async () => {
    const response = await api.request("GET", "/api/acd/centre", { token: otherTenantSupervisor });

    expect(response.body).toEqual({ queues: [], agents: [] });
  });

  test("unknown agent is 404", async () => {
    const response = await api.request("POST", "/api/acd/agents/nobody/state", { token: supervisorToken, body: { state: "ready" } });

    expect(response.status).toBe(404);
  });
});

describe("ACD event socket", () => {
  test("streams the centre, then events", async () => {
    const socket = openEvents(supervisorToken);
    await socket.until(() => socket.messages.length >= 1);

    engine.setReady(agentId);
    engine.enqueue({ id: "call-2", queue: "cards" });
    await socket.until(() => socket.messages.some((message) => message.event?.type === "call.offered"));
    socket.ws.close();

    expect(socket.messages[0].type).toBe("centre");
    expect(socket.messages.slice(1).map((message) => message.event.type)).toEqual(["agent.state", "call.queued", "call.offered", "agent.state"]);
  });

  test("agent without queues.monitor is closed", async () => {
    const socket = openEvents(agentToken);
    const closed = new Promise<number>((resolve) => socket.ws.on("close", (code) => resolve(code)));

    const code = await closed;

    expect(code).toBe(4403);
    expect(socket.messages[0]).toMatchObject({ type: "error", code: "forbidden" });
  });
});
