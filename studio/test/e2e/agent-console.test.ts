import type { Page } from "playwright-core";
import WebSocket from "ws";

import { launchGuardedBrowser, type GuardedBrowser } from "./support/browser";
import { startServers, type Servers } from "./support/servers";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

const WAIT = { timeout: 20_000 };

// An IVR that asks for a card number and queues the caller for the cards team with it.
const CARDS_HOTLINE = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Cards hotline" },
  languages: ["en"],
  entry: "card",
  variables: { cardNo: { type: "string" } },
  nodes: [
    { id: "card", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Key your card number, then hash" } }, variable: "cardNo", maxLength: 16 }, position: { x: 0, y: 0 } },
    { id: "queue", type: "routing.queue", config: { queue: "cards", data: ["cardNo"], musicOnHold: { tts: { en: "Please hold" } } }, position: { x: 0, y: 150 } },
    { id: "connect", type: "media.play", config: { prompt: { tts: { en: "Connecting you to an agent" } } }, position: { x: 0, y: 300 } },
    { id: "sorry", type: "media.play", config: { prompt: { tts: { en: "Please call again later" } } }, position: { x: 300, y: 300 } },
    { id: "end", type: "call.hangup", config: {}, position: { x: 0, y: 450 } },
  ],
  edges: [
    { from: "card", port: "next", to: "queue" },
    { from: "card", port: "timeout", to: "sorry" },
    { from: "card", port: "invalid", to: "sorry" },
    { from: "queue", port: "answered", to: "connect" },
    { from: "queue", port: "overflow", to: "sorry" },
    { from: "queue", port: "abandoned", to: "end" },
    { from: "connect", port: "next", to: "end" },
    { from: "sorry", port: "next", to: "end" },
  ],
};

type Message = Record<string, any>;

let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;
let token: string;
let userId: string;

async function api(method: string, pathname: string, body?: unknown): Promise<Message> {
  const response = await fetch(`${servers.apiUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const result = (await response.json()) as Message;

  if (!response.ok) throw new Error(`${method} ${pathname} failed with ${response.status}: ${JSON.stringify(result)}`);
  return result;
}

// A simulated caller on the test call socket, with every message it received.
async function startCaller(flowId: string): Promise<{ messages: Message[]; next(match: (message: Message) => boolean): Promise<Message>; send(message: unknown): void; close(): void }> {
  const ws = new WebSocket(`${servers.apiUrl.replace(/^http/, "ws")}/api/test-calls/socket`, { headers: { authorization: `Bearer ${token}` } });
  const messages: Message[] = [];

  ws.on("message", (data) => messages.push(JSON.parse(data.toString()) as Message));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "start", flowId, source: { kind: "version", version: 1 }, caller: "0912345678", called: "0800123456" }));

  const next = async (match: (message: Message) => boolean): Promise<Message> => {
    const deadline = Date.now() + WAIT.timeout;

    for (;;) {
      const found = messages.find(match);

      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message within ${WAIT.timeout} ms; received: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { messages, next, send: (message) => ws.send(JSON.stringify(message)), close: () => ws.close() };
}

beforeAll(async () => {
  servers = await startServers();
  guarded = await launchGuardedBrowser();
  page = guarded.page;
  const response = await fetch(`${servers.apiUrl}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: servers.tenant, login: servers.login, password: servers.password }),
  });
  const signedIn = (await response.json()) as { token: string; session: { user: { id: string } } };

  token = signedIn.token;
  userId = signedIn.session.user.id;
}, 20 * 60_000);

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

describe("agent console in the browser", () => {
  it("accepts a queued call with its screen pop", async () => {
    await api("PUT", "/api/acd/queues/cards", { skill: "cards", wrapUpMs: 60_000 });
    await api("PUT", `/api/acd/agents/${userId}`, { skills: { cards: 5 } });
    const flow = await api("POST", "/api/flows", { name: "cards-hotline-e2e", kind: "ivr", document: CARDS_HOTLINE });
    await api("POST", `/api/flows/${flow.id}/publish`, { draftVersion: flow.draftVersion });

    await page.goto(`${servers.studioUrl}/en`);
    await page.getByLabel("Tenant").fill(servers.tenant);
    await page.getByLabel("Login").fill(servers.login);
    await page.getByLabel("Password").fill(servers.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/flows$/, WAIT);
    await page.goto(`${servers.studioUrl}/en/agent`);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByTestId("agent-state").getByText("Not ready").waitFor(WAIT);

    const caller = await startCaller(flow.id as string);
    await caller.next((message) => message.type === "prompt" && message.text === "Key your card number, then hash");
    caller.send({ type: "dtmf", digits: "4012#" });
    await caller.next((message) => message.type === "trace" && message.event.type === "node.entered" && message.event.nodeId === "queue");
    await page.getByRole("button", { name: "Ready", exact: true }).click();
    const screenPop = page.getByTestId("screen-pop");
    await screenPop.locator('[data-field="cardNo"]').getByText("4012").waitFor(WAIT);
    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByTestId("agent-state").getByText("On call").waitFor(WAIT);
    const connected = await caller.next((message) => message.type === "prompt" && message.text === "Connecting you to an agent");
    caller.close();

    expect(await screenPop.locator('[data-field="cardNo"]').textContent()).toBe("4012");
    expect(connected.nodeId).toBe("connect");
    expect(guarded.outsideRequests).toEqual([]);
  });

  it("shows the queue and the agent to the supervisor", async () => {
    await page.goto(`${servers.studioUrl}/en/supervisor`);
    const agentRow = page.getByRole("table", { name: "Agents" }).getByRole("row").filter({ hasText: userId });
    const queueRow = page.getByRole("table", { name: "Queues" }).getByRole("row").filter({ hasText: "cards" });

    await agentRow.getByText("On call").waitFor(WAIT);
    await queueRow.waitFor(WAIT);

    expect(await queueRow.locator("td").nth(1).textContent()).toBe("0");
    expect(await queueRow.locator("td").nth(3).textContent()).toBe("100%");
    expect(guarded.outsideRequests).toEqual([]);
  });

  it("updates the supervisor's grid live", async () => {
    const agentRow = page.getByRole("table", { name: "Agents" }).getByRole("row").filter({ hasText: userId });

    await api("POST", "/api/acd/agent/end-call");
    await agentRow.getByText("Wrap-up").waitFor(WAIT);
    await agentRow.getByRole("button", { name: "Log out" }).click();
    await agentRow.getByText("Logged out").waitFor(WAIT);

    expect((await api("GET", "/api/acd/agent")).state).toBe("logged-out");
  });
});
