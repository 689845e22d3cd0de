import { spawn } from "node:child_process";
import { join } from "node:path";

import { WebSocket } from "ws";

import { AriTestServer } from "../../../src/ari/test-server/index.js";
import { advance, answeredLeg, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness();
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

describe("failing requests", () => {
  test("404 by default message", async () => {
    const channelId = await answeredLeg(harness);

    harness.server.control.failNext({ method: "POST", path: "/channels/{channelId}/play", status: 404 });

    await expect(harness.client.channels.play({ channelId, media: "sound:hello-world" })).rejects.toThrow('{"message":"Channel not found"}');
    await expect(harness.client.channels.play({ channelId, media: "sound:hello-world" })).resolves.toMatchObject({ state: "queued" });
  });

  test("409 twice then normal", async () => {
    const channelId = await answeredLeg(harness);

    harness.server.control.failNext({ path: "/channels/{channelId}/answer", status: 409, times: 2 });

    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(harness.client.channels.answer({ channelId })).rejects.toThrow('{"message":"Channel not in Stasis application"}');
    }
    await expect(harness.client.channels.answer({ channelId })).resolves.toBe("");
  });

  test("custom body", async () => {
    harness.server.control.failNext({ path: /^\/channels$/, status: 500, body: { error: "Allocation failed" } });

    await expect(harness.client.channels.originate({ endpoint: "Local/1@default", app: APP })).rejects.toThrow('{"error":"Allocation failed"}');
    expect(harness.server.control.channels()).toEqual([]);
  });
});

describe("delaying requests", () => {
  test("before: nothing happens until the delay", async () => {
    const channelId = await answeredLeg(harness);
    let settled = false;

    harness.server.control.delayNext({ path: "/channels/{channelId}/play", ms: 1000 });

    const play = harness.client.channels.play({ channelId, media: "sound:hello-world" }).then(() => (settled = true));

    await advance(harness, 999);
    expect(settled).toBe(false);
    expect(harness.server.control.playbacks()).toEqual([]);
    await advance(harness, 1);
    await play;
    expect(harness.server.control.playbacks()).toHaveLength(1);
  });

  test("after: events arrive before the reply", async () => {
    const channelId = await answeredLeg(harness);
    let replied = false;

    harness.server.control.delayNext({ method: "DELETE", path: "/channels/{channelId}", ms: 500, phase: "after" });

    const hangup = harness.client.channels.hangup({ channelId }).then(() => (replied = true));

    await harness.collector.waitFor((event) => event.type === "StasisEnd");
    expect(replied).toBe(false);
    await advance(harness, 500);
    await hangup;
    expect(replied).toBe(true);
  });
});

describe("event stream faults", () => {
  test("duplicate events arrive twice", async () => {
    harness.server.control.duplicateNextEvents(1);
    harness.server.control.startInboundCall({ app: APP });
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart", "StasisStart"]);
  });

  test("injected unknown event reaches the socket", async () => {
    const socket = new WebSocket(`${harness.server.url.replace("http", "ws")}/ari/events?app=raw&api_key=asterisk:asterisk`);

    await new Promise((resolve) => socket.once("open", resolve));

    const message = new Promise<Record<string, unknown>>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));

    expect(harness.server.control.injectEvent("raw", { type: "FutureEvent", detail: 1 })).toBe(true);
    expect(await message).toMatchObject({ type: "FutureEvent", detail: 1, application: "raw", asterisk_id: "02:42:ac:11:00:02" });
    socket.close();
  });

  test("unknown event crashes ari-client", async () => {
    const child = spawn(process.execPath, [join(__dirname, "support", "unknown-event-client.cjs"), harness.server.url, "crash-app"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";

    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await waitUntil(() => stdout.includes("started"));
    harness.server.control.injectEvent("crash-app", { type: "FutureEvent" });

    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).not.toBe(0);
    expect(stderr).toContain("TypeError");
    expect(stdout).not.toContain("event FutureEvent");
  });
});

describe("inspection", () => {
  test("lists channels, bridges and requests", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });
    const bridge = await harness.client.bridges.create({});

    await harness.client.bridges.addChannel({ bridgeId: bridge.id, channel: call.channelId });

    expect(harness.server.control.channels().map((channel) => channel.id)).toEqual([call.channelId]);
    expect(harness.server.control.bridges()).toEqual([expect.objectContaining({ id: bridge.id, channels: [call.channelId] })]);
    expect(harness.server.control.requests().slice(-2).map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ["POST", "/bridges", 200],
      ["POST", `/bridges/${bridge.id}/addChannel`, 204],
    ]);
  });

  test("hangUpFromFarEnd ends an inbound call", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    harness.server.control.hangUpFromFarEnd(call.channelId, 17);
    await harness.collector.quiet();

    expect(harness.collector.ofType("ChannelHangupRequest").map((event) => event.cause)).toEqual([17]);
  });
});

describe("real-time clock", () => {
  test("scaled clock keeps virtual durations", async () => {
    const { ScaledClock } = await import("../../../src/ari/test-server/index.js");
    const scaled = await startHarness({ clock: new ScaledClock(0.02) });

    try {
      const channelId = await scaledLeg(scaled);

      const realStart = Date.now();

      await scaled.client.channels.play({ channelId, media: "sound:hello-world" });

      const started = await scaled.collector.waitFor((event) => event.type === "PlaybackStarted");
      const finished = await scaled.collector.waitFor((event) => event.type === "PlaybackFinished", 1000);
      const virtualMs = Date.parse(finished.timestamp.replace("+0000", "Z")) - Date.parse(started.timestamp.replace("+0000", "Z"));

      const realMs = Date.now() - realStart;

      // Under load timers fire late, so only the direction is asserted: the 1.4 s sound takes
      // at least 1.4 s of virtual time and less real time than that.
      expect(virtualMs).toBeGreaterThanOrEqual(1400);
      expect(realMs).toBeLessThan(virtualMs);
    } finally {
      await scaled.close();
    }
  });
});

async function scaledLeg(scaled: Harness): Promise<string> {
  const call = scaled.server.control.startInboundCall({ app: APP, answered: true });

  await scaled.collector.waitFor((event) => event.type === "StasisStart");
  return call.channelId;
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("servers close cleanly", async () => {
  const server = await AriTestServer.start();

  await server.close();

  await expect(fetch(`${server.url}/ari/asterisk/ping`)).rejects.toThrow();
});
