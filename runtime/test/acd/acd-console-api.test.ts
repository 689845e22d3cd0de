import { VirtualClock } from "@callflow/sdk";
import WebSocket from "ws";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import { acdEventSocketRoutes } from "../../src/acd/acd-event-socket.js";
import { acdRoutes } from "../../src/acd/acd-routes.js";
import { startApi, type ApiHarness } from "../api/support/api-harness.js";
import { createTenant, createTenantUser, signIn } from "../api/support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "../api/support/test-postgres.js";
import { createPublishedFlow } from "../store/support/store-fixtures.js";
import { createNodeRegistry } from "@callflow/nodes";

import { databaseTransferFlows } from "../../src/store/database-transfer-flows.js";
import { DatabaseFlowSource } from "../../src/store/database-flow-source.js";
import { CARDS_HOTLINE } from "./support/cards-hotline.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let engine: AcdEngine;
let weiId: string;
let linId: string;
let chenId: string;
let weiToken: string;
let linToken: string;
let analystToken: string;
let callCount = 0;
let harbourTenant: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const harbourId = await createTenant(postgres.db, "Harbour Bank");
  harbourTenant = harbourId;
  const riverId = await createTenant(postgres.db, "River Telecom");
  const engines = new Map<string, AcdEngine>();
  const lookup = (tenantId: string) => engines.get(tenantId);
  api = await startApi(postgres.db, { extraRoutes: [...acdRoutes(lookup), ...acdEventSocketRoutes({ db: postgres.db, engines: lookup })] });
  const analystId = await createTenantUser(postgres.db, harbourId, "ana", ["tenant-analyst"]);
  const riverAnalystId = await createTenantUser(postgres.db, riverId, "ray", ["tenant-analyst"]);

  weiId = await createTenantUser(postgres.db, harbourId, "wei", ["agent"]);
  linId = await createTenantUser(postgres.db, harbourId, "lin", ["agent"]);
  chenId = await createTenantUser(postgres.db, riverId, "chen", ["agent"]);
  await createPublishedFlow(postgres.db, { tenantId: harbourId, userId: analystId }, "card-services", CARDS_HOTLINE);
  await createPublishedFlow(postgres.db, { tenantId: riverId, userId: riverAnalystId }, "river-ivr", CARDS_HOTLINE);
  engine = new AcdEngine({ clock: new VirtualClock(Date.parse("2026-12-07T02:00:00Z")) });
  engine.configureQueue({ id: "cards", skill: "cards" });
  for (const id of [weiId, linId]) engine.configureAgent({ id, skills: { cards: 5 }, endpoint: `PJSIP/${id.slice(0, 8)}` });
  engines.set(harbourId, engine);
  const riverEngine = new AcdEngine({ clock: new VirtualClock(0) });

  riverEngine.configureQueue({ id: "mortgages", skill: "mortgages" });
  riverEngine.configureAgent({ id: chenId, skills: { mortgages: 5 }, endpoint: "PJSIP/2001" });
  riverEngine.login(chenId, { ready: true });
  engines.set(riverId, riverEngine);
  weiToken = await signIn(api, "Harbour Bank", "wei");
  linToken = await signIn(api, "Harbour Bank", "lin");
  analystToken = await signIn(api, "Harbour Bank", "ana");
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

// Connects a new call to wei, with lin logged out, as the start of each test.
async function weiOnCall(): Promise<string> {
  const callId = `call-${++callCount}`;

  for (const call of [...engine.state.calls.values()]) {
    if (call.state === "connected") engine.endCall(call.agentId!);
    else engine.abandon(call.id);
  }
  if (engine.state.agents.get(linId)!.state !== "logged-out") engine.logout(linId);
  if (engine.state.agents.get(weiId)!.state === "logged-out") engine.login(weiId, { ready: true });
  else if (engine.state.agents.get(weiId)!.state !== "ready") engine.setReady(weiId);
  engine.enqueue({ id: callId, queue: "cards", data: { cardNo: "4012" } });
  await api.request("POST", "/api/acd/agent/accept", { token: weiToken, body: { callId } });
  return callId;
}

function transfer(target: unknown, headers?: Record<string, string>) {
  return api.request("POST", "/api/acd/agent/transfer", { token: weiToken, body: { target }, headers });
}

describe("ACD console routes", () => {
  test("hold and resume the call", async () => {
    await weiOnCall();

    const held = await api.request("POST", "/api/acd/agent/hold", { token: weiToken });
    const resumed = await api.request("POST", "/api/acd/agent/resume", { token: weiToken });

    expect(held.status).toBe(200);
    expect(held.body.call.held).toBe(true);
    expect(resumed.body.call.held).toBe(false);
  });

  test("resume without hold is 409", async () => {
    await weiOnCall();

    const response = await api.request("POST", "/api/acd/agent/resume", { token: weiToken });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain("is not on hold");
  });

  test("transfer to a ready agent", async () => {
    const callId = await weiOnCall();
    engine.login(linId, { ready: true });

    const response = await transfer({ type: "agent", agentId: linId });
    const lin = await api.request("GET", "/api/acd/agent", { token: linToken });

    expect(response.status).toBe(200);
    expect(response.body.state).toBe("ready");
    expect(lin.body).toMatchObject({ state: "reserved", call: { id: callId, data: { cardNo: "4012" } } });
  });

  test("transfer to an external number counts a call made", async () => {
    await weiOnCall();

    const response = await transfer({ type: "external", number: "+886223456789" });

    expect(response.status).toBe(200);
    expect(response.body.today.callsMade).toBe(1);
    expect(response.body.call).toBeNull();
  });

  test("transfer to an own IVR flow", async () => {
    const callId = await weiOnCall();

    const response = await transfer({ type: "flow", flow: "card-services" });

    expect(response.status).toBe(200);
    expect(engine.state.calls.has(callId)).toBe(false);
  });

  test("invalid external number is 400", async () => {
    await weiOnCall();

    const response = await transfer({ type: "external", number: "call me" });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toContain("a phone number of 3 to 20 digits");
  });
});

describe("ACD transfer targets", () => {
  test("lists ready agents, queues and published IVR flows", async () => {
    await weiOnCall();
    engine.login(linId, { ready: true });

    const response = await api.request("GET", "/api/acd/agent/transfer-targets", { token: weiToken });

    expect(response.status).toBe(200);
    expect(response.body.agents).toEqual([{ id: linId, name: "lin" }]);
    expect(response.body.queues).toEqual(["cards"]);
    expect(response.body.flows).toEqual(["card-services"]);
  });

  test("leaves out agents who are not ready", async () => {
    await weiOnCall();

    const response = await api.request("GET", "/api/acd/agent/transfer-targets", { token: weiToken });

    expect(response.body.agents).toEqual([]);
  });
});

describe("ACD console tenant scoping", () => {
  test.each([
    ["agent", { type: "agent", agentId: "" }],
    ["queue", { type: "queue", queue: "mortgages" }],
    ["flow", { type: "flow", flow: "river-ivr" }],
  ])("another tenant's %s is not found", async (entity, target) => {
    const callId = await weiOnCall();
    const forged = entity === "agent" ? { ...target, agentId: chenId } : target;

    const response = await transfer(forged);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("transfer-target-not-found");
    expect(response.body.error.message).toContain(`This tenant has no ${entity} `);
    expect(engine.state.calls.get(callId)!.agentId).toBe(weiId);
  });

  test("not-found message is localized", async () => {
    await weiOnCall();

    const response = await transfer({ type: "queue", queue: "mortgages" }, { "accept-language": "zh-Hans" });

    expect(response.body.error.message).toBe("此租户没有可转接的队列 mortgages。请选择本租户的坐席、队列或已发布的 IVR 流程。");
  });

  test("agent of another tenant cannot act on a call", async () => {
    const callId = await weiOnCall();
    const chenToken = await signIn(api, "River Telecom", "chen");

    const response = await api.request("POST", "/api/acd/agent/accept", { token: chenToken, body: { callId } });

    expect(response.status).toBe(409);
    expect(engine.state.calls.get(callId)!.agentId).toBe(weiId);
  });
});

// Opens the agent socket with `token`; `next()` resolves with the next frame.
async function openAgentSocket(token: string) {
  const frames: Array<Record<string, any>> = [];
  const waiters: Array<() => void> = [];
  const ws = new WebSocket(`${api.baseUrl.replace(/^http/, "ws")}/api/acd/agent/events`, { headers: { authorization: `Bearer ${token}` } });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  let read = 0;

  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const waiter of waiters.splice(0)) waiter();
  });
  const next = () =>
    new Promise<Record<string, any>>((resolve) => {
      const take = () => (frames.length > read ? resolve(frames[read++]) : waiters.push(take));

      take();
    });
  return { ws, next, closed };
}

describe("ACD agent socket", () => {
  test("sends the agent's view at once", async () => {
    const callId = await weiOnCall();
    const socket = await openAgentSocket(weiToken);

    const first = await socket.next();
    socket.ws.close();

    expect(first).toMatchObject({ type: "agent", agent: { id: weiId, state: "on-call", call: { id: callId, held: false } } });
  });

  test("pushes a change of the agent's call", async () => {
    await weiOnCall();
    const socket = await openAgentSocket(weiToken);
    await socket.next();

    await api.request("POST", "/api/acd/agent/hold", { token: weiToken });
    const pushed = await socket.next();
    socket.ws.close();

    expect(pushed).toMatchObject({ type: "agent", agent: { id: weiId, call: { held: true } } });
  });

  test("pushes an offer to the agent", async () => {
    await weiOnCall();
    engine.login(linId, { ready: true });
    const socket = await openAgentSocket(linToken);
    await socket.next();

    await api.request("POST", "/api/acd/agent/transfer", { token: weiToken, body: { target: { type: "agent", agentId: linId } } });
    const pushed = await socket.next();
    socket.ws.close();

    expect(pushed.agent).toMatchObject({ id: linId, state: "reserved", call: { data: { cardNo: "4012" } } });
  });

  test("user without calls.handle is closed", async () => {
    const socket = await openAgentSocket(analystToken);

    const [code, frame] = await Promise.all([socket.closed, socket.next()]);

    expect(code).toBe(4403);
    expect(frame).toMatchObject({ type: "error", code: "forbidden" });
  });
});

describe("transfer flows from the database", () => {
  const flows = () => databaseTransferFlows(postgres.db, new DatabaseFlowSource(postgres.db, createNodeRegistry()), harbourTenant);

  test("loads the tenant's published IVR flow", async () => {
    const plan = await flows().plan("card-services");

    expect(plan.kind).toBe("ivr");
    expect(plan.entry.id).toBe("card");
  });

  test("another tenant's flow is not found", async () => {
    await expect(flows().plan("river-ivr")).rejects.toThrow("the tenant has no flow named river-ivr");
  });
});
