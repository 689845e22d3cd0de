import path from "node:path";

import type { Page } from "playwright-core";

import { launchGuardedBrowser, type GuardedBrowser } from "./support/browser";
import { startServers, type Servers } from "./support/servers";
import { REPOSITORY_DIR } from "./support/studio-build";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

const WAIT = { timeout: 20_000 };
const ARI_APP = "callflow-e2e";
const ARI_USER = { username: "callflow", password: "e2e-ari-secret" };
const AGENT_PHONE = "Local/1001@agents";
const EXTERNAL_NUMBER = "0223456789";

// The ARI test server's sources are loaded by path, as the platform's are in ./support/servers.
const ARI_TEST_SERVER_MODULE = path.join(REPOSITORY_DIR, "runtime", "src", "ari", "test-server", "index");

type Json = Record<string, any>;
type BridgeJson = { id: string; bridge_type: string; channels: string[] };

/** The parts of the runtime's AriTestServer that the test uses. */
interface AriTestServer {
  url: string;
  control: {
    setExtension(context: string, extension: string, steps: unknown[]): void;
    startInboundCall(options: Json): { channelId: string; hangUp(): void };
    bridges(): Json[];
    channels(): Json[];
    events(app?: string): Array<{ app: string; event: Json }>;
    channelFlags(channelId: string): { mohClass?: string; onHold: boolean };
  };
  close(): Promise<void>;
}

interface AriTestServerModule {
  AriTestServer: { start(options: Json): Promise<AriTestServer> };
  extensions: { answer(options: Json): unknown[] };
}

// An IVR that collects a card number after a recorded prompt (the platform has no TTS for
// Asterisk) and queues the caller for the cards team with it.
const CARDS_HOTLINE = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Cards hotline on Asterisk" },
  languages: ["en"],
  entry: "card",
  variables: { cardNo: { type: "string" } },
  nodes: [
    { id: "card", type: "ivr.collectDigits", config: { prompt: { audio: "card-number" }, variable: "cardNo", maxLength: 16 }, position: { x: 0, y: 0 } },
    { id: "queue", type: "routing.queue", config: { queue: "cards", data: ["cardNo"] }, position: { x: 0, y: 150 } },
    { id: "end", type: "call.hangup", config: {}, position: { x: 0, y: 300 } },
  ],
  edges: [
    { from: "card", port: "next", to: "queue" },
    { from: "card", port: "timeout", to: "end" },
    { from: "card", port: "invalid", to: "end" },
    { from: "queue", port: "answered", to: "end" },
    { from: "queue", port: "overflow", to: "end" },
    { from: "queue", port: "abandoned", to: "end" },
  ],
};

let ari: AriTestServer;
let caller: { channelId: string; hangUp(): void };
let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;
let token: string;
let userId: string;

async function api(method: string, pathname: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${servers.apiUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const result = (await response.json()) as Json;

  if (!response.ok) throw new Error(`${method} ${pathname} failed with ${response.status}: ${JSON.stringify(result)}`);
  return result;
}

// Waits until `check` returns a value other than undefined, trying every 50 ms.
async function waitFor<T>(what: string, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT.timeout;

  for (;;) {
    const value = check();

    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT.timeout} ms waiting for ${what}; bridges: ${JSON.stringify(ari.control.bridges())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The bridge with the caller's channel and a channel whose name starts with `endpoint`.
function bridgeWith(callerId: string, endpoint: string): BridgeJson | undefined {
  const names = new Map(ari.control.channels().map((channel) => [channel.id as string, channel.name as string]));
  const bridges = ari.control.bridges() as BridgeJson[];

  return bridges.find((bridge) => bridge.channels.includes(callerId) && bridge.channels.some((id) => names.get(id)?.startsWith(endpoint)));
}

// Channel ids that entered the bridge, from the ChannelEnteredBridge events sent to the application.
function enteredBridge(bridgeId: string): string[] {
  return ari.control
    .events(ARI_APP)
    .filter((sent) => sent.event.type === "ChannelEnteredBridge" && sent.event.bridge.id === bridgeId)
    .map((sent) => sent.event.channel.id as string);
}

beforeAll(async () => {
  const module = (await import(ARI_TEST_SERVER_MODULE)) as AriTestServerModule;

  ari = await module.AriTestServer.start({ users: [ARI_USER], timings: { defaultSoundMs: 300 } });
  ari.control.setExtension("agents", "1001", module.extensions.answer({ ringMs: 300 }));
  ari.control.setExtension("outbound", EXTERNAL_NUMBER, module.extensions.answer({ ringMs: 300 }));
  servers = await startServers({
    env: { CALLFLOW_ARI_URL: ari.url, CALLFLOW_ARI_USERNAME: ARI_USER.username, CALLFLOW_ARI_PASSWORD: ARI_USER.password, CALLFLOW_ARI_APP: ARI_APP },
  });
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

// The caller is still bridged with the external number here, so the platform's shutdown also
// checks that its drain ends a bridged call.
afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
  await ari?.close();
});

describe("agent console with a caller on Asterisk", () => {
  let callerId: string;

  it("bridges the agent's phone after accept", async () => {
    await api("POST", "/api/prompts", { name: "card-number", language: "en", audioUri: "sound:custom/card-number" });
    const flow = await api("POST", "/api/flows", { name: "cards-hotline-ari-e2e", kind: "ivr", document: CARDS_HOTLINE });
    await api("POST", `/api/flows/${flow.id}/publish`, { draftVersion: flow.draftVersion });
    const [number] = (await api("GET", "/api/numbers")).items as Json[];
    await api("PATCH", `/api/numbers/${number.id}`, { flowId: flow.id });
    await api("PUT", "/api/acd/queues/cards", { skill: "cards", wrapUpMs: 60_000 });
    await api("PUT", `/api/acd/agents/${userId}`, { skills: { cards: 5 }, endpoint: AGENT_PHONE });

    await page.goto(`${servers.studioUrl}/en`);
    await page.getByLabel("Tenant").fill(servers.tenant);
    await page.getByLabel("Login").fill(servers.login);
    await page.getByLabel("Password").fill(servers.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/flows$/, WAIT);
    const agentSocket = page.waitForEvent("websocket", { predicate: (socket) => socket.url().endsWith("/api/acd/agent/events"), ...WAIT });
    await page.goto(`${servers.studioUrl}/en/agent`);
    await agentSocket;
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Ready", exact: true }).click();
    await page.getByTestId("agent-state").getByText("Ready").waitFor(WAIT);
    caller = ari.control.startInboundCall({
      app: ARI_APP,
      extension: number.number,
      callerNumber: "0912345678",
      script: [{ atMs: 1500, dtmf: "4012#", durationMs: 100, gapMs: 100 }],
    });
    callerId = caller.channelId;
    const screenPop = page.getByTestId("screen-pop");
    await screenPop.locator('[data-field="cardNo"]').getByText("4012").waitFor(WAIT);
    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByTestId("agent-state").getByText("On call").waitFor(WAIT);
    const bridge = await waitFor("the bridge of caller and agent phone", () => bridgeWith(callerId, AGENT_PHONE));

    expect(await screenPop.locator('[data-field="cardNo"]').textContent()).toBe("4012");
    expect(bridge.bridge_type).toBe("mixing");
    expect(bridge.channels).toHaveLength(2);
    expect(enteredBridge(bridge.id)).toEqual(expect.arrayContaining(bridge.channels));
    expect(guarded.outsideRequests).toEqual([]);
  });

  it("holds the caller with music on hold", async () => {
    await page.getByRole("button", { name: "Hold" }).click();
    await page.getByTestId("call-held").waitFor(WAIT);
    const outOfBridge = await waitFor("the caller out of the bridge", () => (bridgeWith(callerId, AGENT_PHONE) === undefined ? true : undefined));

    expect(outOfBridge).toBe(true);
    expect(ari.control.channelFlags(callerId).mohClass).toBe("default");
  });

  it("resumes the caller into the bridge", async () => {
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByTestId("call-held").waitFor({ state: "detached", ...WAIT });
    const bridge = await waitFor("the caller back in the bridge", () => bridgeWith(callerId, AGENT_PHONE));

    expect(bridge.channels).toHaveLength(2);
    expect(ari.control.channelFlags(callerId).mohClass).toBeUndefined();
  });

  it("transfers the caller to an external number", async () => {
    await page.getByLabel("Transfer to").selectOption("external");
    await page.getByLabel("Agent, queue, flow or number").fill(EXTERNAL_NUMBER);
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    await page.getByTestId("agent-state").getByText("Wrap-up").waitFor(WAIT);
    const bridge = await waitFor("the bridge of caller and external number", () => bridgeWith(callerId, `Local/${EXTERNAL_NUMBER}@outbound`));
    const counters = page.getByRole("region", { name: "Today" });

    expect(bridge.channels).toHaveLength(2);
    expect(bridgeWith(callerId, AGENT_PHONE)).toBeUndefined();
    expect(await counters.locator("dd").nth(1).textContent()).toBe("1");
    expect(await counters.locator("dd").nth(0).textContent()).toBe("1");
  });
});
