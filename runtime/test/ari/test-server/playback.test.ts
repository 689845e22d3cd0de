import { expectFixture, loadFixture } from "./support/fixtures.js";
import { advance, answeredLeg, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;
let channelId: string;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness();
  channelId = await answeredLeg(harness);
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

async function play(media: string, extra: Record<string, unknown> = {}) {
  return harness.client.channels.play({ channelId, media, ...extra });
}

async function control(playbackId: string, operation: string) {
  return harness.client.playbacks.control({ playbackId, operation });
}

describe("playback", () => {
  test("play answers 201 queued with Location", async () => {
    await play("sound:hello-world");

    const request = harness.server.control.requests().at(-1)!;
    const playback = harness.server.control.playbacks()[0];

    expect(request.status).toBe(201);
    expect(playback.state).toBe("queued");
  });

  test("Location header names the playback", async () => {
    const response = await fetch(`${harness.server.url}/ari/channels/${channelId}/play?media=sound:hello-world&playbackId=p1`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("asterisk:asterisk").toString("base64")}` },
    });

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/ari/playbacks/p1");
    expect(await response.json()).toEqual({ id: "p1", media_uri: "sound:hello-world", target_uri: `channel:${channelId}`, language: "en", state: "queued" });
  });

  test("hello-world plays 1.4 s", async () => {
    const start = harness.clock.now();
    const playback = await play("sound:hello-world");

    await advance(harness, 0);
    await advance(harness, 1400);

    expectFixture(harness.collector.events, loadFixture("playback-done"), { startMs: start, names: harness.collector.channelNames });
    await expect(harness.client.playbacks.get({ playbackId: playback.id })).rejects.toThrow('{"message":"Playback not found"}');
  });

  test("media list continues and skips missing", async () => {
    const start = harness.clock.now();

    await play("sound:hello-world,sound:no-such-file,sound:goodbye");
    await advance(harness, 0);
    await advance(harness, 2400);

    expectFixture(harness.collector.events, loadFixture("playback-list"), { startMs: start, names: harness.collector.channelNames });
  });

  test("missing sound fails", async () => {
    await play("sound:no-such-file");
    await advance(harness, 0);

    expectFixture(harness.collector.events, loadFixture("playback-missing"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("second play waits in queue", async () => {
    const start = harness.clock.now();

    await play("sound:hello-world");
    await play("sound:goodbye");
    await advance(harness, 0);
    await advance(harness, 2400);

    expectFixture(harness.collector.events, loadFixture("playback-queued"), { startMs: start, names: harness.collector.channelNames });
  });

  test("stopping a queued playback", async () => {
    const start = harness.clock.now();

    await play("sound:hello-world");

    const queued = await play("sound:goodbye");

    await advance(harness, 0);
    await harness.client.playbacks.stop({ playbackId: queued.id });

    expect((await harness.client.playbacks.get({ playbackId: queued.id })).state).toBe("done");
    await advance(harness, 1400);
    expectFixture(harness.collector.events, loadFixture("playback-stop-queued"), { startMs: start, names: harness.collector.channelNames });
  });

  test("hang-up fails current and queued", async () => {
    await play("sound:hello-world");
    await play("sound:goodbye");
    await advance(harness, 0);
    harness.collector.clear();
    await harness.client.channels.hangup({ channelId });
    await harness.collector.quiet();

    expectFixture(harness.collector.events, loadFixture("playback-hangup-with-queue"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("bridged hang-up drops queued playbacks", async () => {
    const bridge = await harness.client.bridges.create({ type: "mixing" });

    await harness.client.bridges.addChannel({ bridgeId: bridge.id, channel: channelId });
    await play("sound:hello-world");
    await play("sound:goodbye");
    await advance(harness, 0);
    harness.collector.clear();
    await harness.client.channels.hangup({ channelId });
    await harness.collector.quiet();

    const playbackEvents = harness.collector.events.filter((event) => event.type.startsWith("Playback"));

    expect(playbackEvents.map((event) => [event.type, (event.playback as { media_uri: string }).media_uri])).toEqual([["PlaybackFinished", "sound:hello-world"]]);
  });

  test("repeated media keeps the last", async () => {
    const response = await fetch(`${harness.server.url}/ari/channels/${channelId}/play?media=sound:goodbye&media=sound:hello-world&api_key=asterisk:asterisk`, { method: "POST" });

    expect(((await response.json()) as { media_uri: string }).media_uri).toBe("sound:hello-world");
  });

  test("pause keeps the remaining time", async () => {
    const start = harness.clock.now();
    const playback = await play("sound:hello-world");

    await advance(harness, 400);
    await control(playback.id, "pause");
    expect((await harness.client.playbacks.get({ playbackId: playback.id })).state).toBe("paused");
    await advance(harness, 1000);
    await control(playback.id, "unpause");
    await advance(harness, 1000);

    expectFixture(harness.collector.events, loadFixture("playback-pause"), { startMs: start, names: harness.collector.channelNames });
  });

  test("stop of a playing playback is done", async () => {
    const playback = await play("sound:hello-world");

    await advance(harness, 100);
    await harness.client.playbacks.stop({ playbackId: playback.id });
    await harness.collector.quiet();

    expect(harness.collector.ofType("PlaybackFinished").map((event) => (event.playback as { state: string }).state)).toEqual(["done"]);
  });

  test("unsupported scheme never finishes", async () => {
    await play("video:clip");
    await advance(harness, 60_000);

    expect(harness.collector.events.map((event) => event.type)).toEqual(["PlaybackStarted"]);
  });

  test("missing recording never finishes", async () => {
    await play("recording:nothing-here");
    await advance(harness, 60_000);

    expect(harness.collector.events.map((event) => event.type)).toEqual(["PlaybackStarted"]);
  });

  test("restart forward reverse give no event", async () => {
    const playback = await play("sound:hello-world");

    await advance(harness, 200);
    for (const operation of ["restart", "forward", "reverse", "restart", "unpause"]) await control(playback.id, operation);
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => event.type)).toEqual(["PlaybackStarted"]);
  });

  test("forward skips 3 s by default", async () => {
    await play("sound:long");
    await advance(harness, 0);

    const [started] = harness.collector.events;

    await control((started.playback as { id: string }).id, "forward");
    await advance(harness, 0);

    expect(harness.collector.ofType("PlaybackFinished")).toHaveLength(1);
  });

  test.each([
    ["restart", "paused", 409, "Can only restart while media is playing"],
    ["pause", "queued", 409, "Can only pause while media is playing"],
    ["rewind", "playing", 400, "Invalid operation rewind"],
  ])("%s while %s is %i", async (operation, state, _status, message) => {
    if (state === "queued") await play("sound:hello-world");

    const playback = await play("sound:goodbye");

    await advance(harness, 0);
    if (state === "paused") await control(playback.id, "pause");

    await expect(control(playback.id, operation)).rejects.toThrow(JSON.stringify({ message }));
  });

  test("missing operation is 400", async () => {
    const playback = await play("sound:hello-world");

    await expect(harness.client.playbacks.control({ playbackId: playback.id })).rejects.toThrow('{"message":"Missing operation"}');
  });

  test("play without media is 500", async () => {
    await expect(harness.client.channels.play({ channelId })).rejects.toThrow('{"message":"Failed to queue media for playback"}');
  });

  test("unknown playback is 404", async () => {
    await expect(control("nope", "pause")).rejects.toThrow('{"message":"Playback not found"}');
  });

  test("playback stops music on hold", async () => {
    await harness.client.channels.startMoh({ channelId, mohClass: "jazz" });
    expect(harness.server.control.channelFlags(channelId).mohClass).toBe("default");

    await play("sound:hello-world");
    await advance(harness, 1400);

    expect(harness.server.control.channelFlags(channelId).mohClass).toBeUndefined();
  });
});
