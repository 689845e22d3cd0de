import ari from "ari-client";
import { WebSocket } from "ws";

import { EventCollector } from "./support/event-collector.js";
import { advance, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";
import type { Client } from "./support/test-client.js";

let harness: Harness;
const extraClients: Client[] = [];

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness();
});

afterEach(async () => {
  for (const client of extraClients.splice(0)) client.stop();
  await harness.close();
  jest.restoreAllMocks();
});

async function secondClient(app = APP, subscribeAll = false): Promise<{ client: Client; collector: EventCollector }> {
  const client = (await ari.connect(harness.server.url, "asterisk", "asterisk")) as unknown as Client;
  const collector = new EventCollector(client);

  extraClients.push(client);
  await client.start(app, subscribeAll);
  return { client, collector };
}

async function applicationStatus(): Promise<number> {
  return (await fetch(`${harness.server.url}/ari/applications/${APP}?api_key=asterisk:asterisk`)).status;
}

describe("one application, two WebSockets", () => {
  test("second socket takes over", async () => {
    const second = await secondClient();
    const replaced = await harness.collector.waitFor((event) => event.type === "ApplicationReplaced");

    harness.server.control.startInboundCall({ app: APP });
    await second.collector.waitFor((event) => event.type === "StasisStart");
    await harness.collector.quiet();

    expect(Object.keys(replaced).sort()).toEqual(["application", "asterisk_id", "timestamp", "type"]);
    expect(harness.collector.events.map((event) => event.type)).toEqual(["ApplicationReplaced"]);
  });

  test("replaced socket stays open", async () => {
    await secondClient();
    await harness.collector.waitFor((event) => event.type === "ApplicationReplaced");

    expect(harness.server.control.events().filter((sent) => sent.event.type === "ApplicationReplaced")).toHaveLength(1);
    expect(harness.server.core.applications.isActive(APP)).toBe(true);
    expect(harness.server.control.requests().length).toBeGreaterThan(0);
  });

  test("closing the replaced socket keeps the new one", async () => {
    const second = await secondClient();

    await harness.collector.waitFor((event) => event.type === "ApplicationReplaced");
    harness.client.stop();
    await harness.collector.quiet();
    harness.server.control.startInboundCall({ app: APP });

    await expect(second.collector.waitFor((event) => event.type === "StasisStart")).resolves.toBeDefined();
  });
});

describe("losing the WebSocket", () => {
  test("channels stay and later events go to a new socket", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    harness.client.stop();
    await harness.collector.quiet();
    call.pressKeys("1");
    await advance(harness, 100);

    expect(await applicationStatus()).toBe(200);

    const next = await secondClient();

    call.pressKeys("2");
    await advance(harness, 100);
    await next.collector.quiet();

    expect(next.collector.events.map((event) => [event.type, event.digit])).toEqual([["ChannelDtmfReceived", "2"]]);
    expect(harness.server.control.events(APP).filter((sent) => !sent.delivered).map((sent) => sent.event.digit)).toEqual(["1"]);
  });

  test("with no socket and no channels the app is gone", async () => {
    harness.client.stop();
    await harness.collector.quiet();

    const call = harness.server.control.startInboundCall({ app: APP });

    expect(await applicationStatus()).toBe(404);
    expect(await call.ended()).toMatchObject({ kind: "hangup", cause: 16 });
    expect(harness.server.control.channels()).toEqual([]);
    expect(harness.server.control.events()).toEqual([]);
  });

  test("ari-client reconnects after a server-side drop", async () => {
    const reconnected = new Promise<void>((resolve) => harness.client.once("WebSocketConnected", () => resolve()));

    expect(harness.server.control.dropConnections({ mode: "terminate" })).toBe(1);
    await reconnected;
    harness.server.control.startInboundCall({ app: APP });

    await expect(harness.collector.waitFor((event) => event.type === "StasisStart")).resolves.toBeDefined();
  });

  test("events during the gap are lost", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");

    const reconnected = new Promise<void>((resolve) => harness.client.once("WebSocketConnected", () => resolve()));

    harness.server.control.dropConnections({ mode: "close" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    call.pressKeys("5");
    await advance(harness, 100);
    await reconnected;
    call.pressKeys("6");
    await advance(harness, 100);

    expect(harness.collector.ofType("ChannelDtmfReceived").map((event) => event.digit)).toEqual(["6"]);
  });
});

describe("WebSocket parameters", () => {
  test("missing app is 400", async () => {
    const socket = new WebSocket(`${harness.server.url.replace("http", "ws")}/ari/events?api_key=asterisk:asterisk`);
    const status = await new Promise<number>((resolve) => socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0)));

    expect(status).toBe(400);
  });

  test("subscribeAll sees other applications", async () => {
    const watcher = await secondClient("watcher", true);

    harness.server.control.startInboundCall({ app: APP });

    await expect(watcher.collector.waitFor((event) => event.type === "StasisStart")).resolves.toMatchObject({ application: "watcher" });
  });
});
