import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import WebSocket from "ws";

import { startPlatform, type PlatformHandle } from "../../src/store/start-platform.js";
import { connectSocket, type SocketMessage } from "../api/support/test-call-socket-client.js";
import { createTenant, createTenantUser, PASSWORD } from "../api/support/tenant-fixtures.js";
import { createPublishedFlow } from "../store/support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "../store/support/test-postgres.js";
import { CARDS_HOTLINE } from "./support/cards-hotline.js";

jest.setTimeout(60_000);

let database: StoreTestDatabase;
let dataDir: string;
let platform: PlatformHandle;
let tenantId: string;
let agentId: string;
let flowId: string;
const tokens: Record<string, string> = {};
// Sockets a test opened; open sockets would keep the server from closing.
const openSockets: Array<{ close(): void }> = [];

function start(): Promise<PlatformHandle> {
  // The data folder has no directory.yaml, so the platform starts without the demo tenant.
  return startPlatform({ dataDir, examplesDir: dataDir, env: { DATABASE_URL: database.url, CALLFLOW_API_PORT: "0" }, print: () => undefined });
}

async function request(method: string, route: string, token: string, body?: unknown): Promise<{ status: number; body: SocketMessage }> {
  const response = await fetch(`${platform.apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  return { status: response.status, body: (await response.json()) as SocketMessage };
}

async function signIn(login: string): Promise<string> {
  const response = await fetch(`${platform.apiUrl}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: "Harbour Bank", login, password: PASSWORD }),
  });
  const body = (await response.json()) as { token: string };

  if (response.status !== 201) throw new Error(`sign-in of ${login} failed with ${response.status}: ${JSON.stringify(body)}`);
  return body.token;
}

beforeAll(async () => {
  database = await createStoreTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "callflow-acd-platform-"));
  platform = await start();
  tenantId = await createTenant(platform.store.db, "Harbour Bank");
  const analystId = await createTenantUser(platform.store.db, tenantId, "ana", ["tenant-analyst"]);

  agentId = await createTenantUser(platform.store.db, tenantId, "wei", ["agent"]);
  await createTenantUser(platform.store.db, tenantId, "sue", ["supervisor"]);
  flowId = await createPublishedFlow(platform.store.db, { tenantId, userId: analystId }, "cards-hotline", CARDS_HOTLINE);
  for (const login of ["ana", "wei", "sue"]) tokens[login] = await signIn(login);
});

afterEach(() => {
  openSockets.splice(0).forEach((socket) => socket.close());
});

afterAll(async () => {
  await platform?.shutdown();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function isTrace(type: string, nodeId?: string): (message: SocketMessage) => boolean {
  return (message) => message.type === "trace" && message.event.type === type && (nodeId === undefined || message.event.nodeId === nodeId);
}

// Connects to the ACD's event socket and keeps every message.
async function connectEvents(token: string): Promise<{ messages: SocketMessage[]; close(): void }> {
  const ws = new WebSocket(`${platform.apiUrl.replace(/^http/, "ws")}/api/acd/events`, { headers: { authorization: `Bearer ${token}` } });
  const messages: SocketMessage[] = [];

  ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
  openSockets.push(ws);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  return { messages, close: () => ws.close() };
}

describe("ACD in the platform", () => {
  test("test call reaches an agent through the API", async () => {
    const queue = await request("PUT", "/api/acd/queues/cards", tokens.sue, { skill: "cards", wrapUpMs: 60_000 });
    const agent = await request("PUT", `/api/acd/agents/${agentId}`, tokens.sue, { skills: { cards: 5 } });
    const events = await connectEvents(tokens.sue);
    const caller = await connectSocket(platform.apiUrl, { token: tokens.ana });

    openSockets.push(caller);

    caller.send({ type: "start", flowId, source: { kind: "version", version: 1 }, caller: "0912345678", called: "0800123456" });
    await caller.next((message) => message.type === "prompt" && message.text === "Key your card number, then hash");
    caller.send({ type: "dtmf", digits: "4012#" });
    await caller.next(isTrace("node.entered", "queue"));
    const login = await request("POST", "/api/acd/agent/login", tokens.wei, { ready: true });
    const screenPop = await request("GET", "/api/acd/agent", tokens.wei);
    const accepted = await request("POST", "/api/acd/agent/accept", tokens.wei, { callId: screenPop.body.call?.id });
    const connected = await caller.next((message) => message.type === "prompt" && message.text === `Connecting you to ${agentId}`);
    const ended = await caller.next((message) => message.type === "ended");
    const eventTypes = events.messages.flatMap((message) => (message.type === "event" ? [message.event.type] : []));

    expect(queue.status).toBe(200);
    expect(agent.status).toBe(200);
    // The agent is offered the waiting call as it becomes ready.
    expect(login.body.state).toBe("reserved");
    expect(screenPop.body).toMatchObject({ state: "reserved", call: { data: { cardNo: "4012" } } });
    expect(screenPop.body.call.id).toBe(ended.callId);
    expect(accepted.body.state).toBe("on-call");
    expect(connected.nodeId).toBe("connect");
    expect(events.messages[0].type).toBe("centre");
    expect(eventTypes).toEqual(expect.arrayContaining(["call.queued", "call.offered", "call.connected"]));
  });

  test("restart rebuilds the tenant's ACD from its log", async () => {
    await request("POST", "/api/acd/agent/end-call", tokens.wei);
    await platform.shutdown();

    platform = await start();
    const centre = await request("GET", "/api/acd/centre", await signIn("sue"));
    const ownAgent = await request("GET", "/api/acd/agent", await signIn("wei"));

    expect(centre.status).toBe(200);
    expect(centre.body.queues.map((queue: { id: string }) => queue.id)).toEqual(["cards"]);
    expect(ownAgent.body.state).toBe("wrap-up");
    expect(ownAgent.body.today.callsAnswered).toBe(1);
  });
});
