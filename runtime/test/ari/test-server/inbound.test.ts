import { expectFixture, loadFixture } from "./support/fixtures.js";
import { advance, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness({ channelVars: ["CALL_KIND"] });
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

describe("inbound calls", () => {
  test("unanswered call arrives in Ring", async () => {
    harness.server.control.startInboundCall({ app: APP, callerNumber: "+15550100", callerName: "Ann", extension: "100", variables: { CALL_KIND: "support" } });

    const start = await harness.collector.waitFor((event) => event.type === "StasisStart");

    expect(start.args).toEqual([]);
    expect(start.channel).toMatchObject({
      name: expect.stringMatching(/^PJSIP\/\+15550100-[0-9a-f]{8}$/),
      state: "Ring",
      caller: { name: "Ann", number: "+15550100" },
      connected: { name: "", number: "" },
      accountcode: "",
      protocol_id: expect.stringMatching(/@127\.0\.0\.1$/),
      dialplan: { context: "from-external", exten: "100", priority: 1, app_name: "Stasis", app_data: APP },
      language: "en",
      channelvars: { CALL_KIND: "support" },
    });
  });

  test("answered call waits for first media", async () => {
    harness.server.control.startInboundCall({ app: APP, answered: true, args: ["main"] });
    await advance(harness, 20);

    const [start] = harness.collector.events;

    expect(start).toMatchObject({ type: "StasisStart", args: ["main"], timestamp: "2026-03-02T10:00:00.320+0000" });
    expect(start.channel).toMatchObject({ state: "Up", dialplan: { priority: 2 } });
  });

  test("ring, early media and answer reach the phone", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await harness.client.channels.ring({ channelId: call.channelId });
    await harness.client.channels.play({ channelId: call.channelId, media: "sound:hello-world" });
    await advance(harness, 0);
    await harness.client.channels.answer({ channelId: call.channelId });
    await harness.collector.quiet();

    expect(call.log.map((entry) => entry.kind)).toEqual(["ringing", "progress", "answered"]);
    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart", "PlaybackStarted", "ChannelStateChange"]);
  });

  test("answer on an Up channel is 204", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, answered: true });

    await advance(harness, 20);
    await harness.client.channels.answer({ channelId: call.channelId });

    expect(harness.server.control.requests().at(-1)?.status).toBe(204);
  });

  test.each([
    [{ reason: "busy" }, 17, "BUSY"],
    [{ reason_code: "21" }, 21, "NOANSWER"],
  ])("reject with %j before answer", async (query, cause, dialstatus) => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await harness.client.channels.hangup({ channelId: call.channelId, ...query });
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => [event.type, event.cause, event.soft])).toEqual([
      ["StasisStart", undefined, undefined],
      ["ChannelHangupRequest", 32, true],
      ["StasisEnd", undefined, undefined],
    ]);
    expect(await call.ended()).toMatchObject({ kind: "hangup", cause, dialstatus });
  });

  test("caller script presses keys", async () => {
    harness.server.control.startInboundCall({ app: APP, script: [{ atMs: 1000, dtmf: "12", durationMs: 80, gapMs: 120 }] });
    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await advance(harness, 1000);
    await advance(harness, 280);

    const digits = harness.collector.ofType("ChannelDtmfReceived").map((event) => [event.digit, event.duration_ms, event.timestamp]);

    expect(digits).toEqual([
      ["1", 80, "2026-03-02T10:00:01.380+0000"],
      ["2", 80, "2026-03-02T10:00:01.580+0000"],
    ]);
  });

  test("caller hangs up with a hard request", async () => {
    harness.server.control.startInboundCall({ app: APP, script: [{ atMs: 2000, hangup: true }] });
    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await advance(harness, 2000);

    const events = harness.collector.events.map((event) => [event.type, event.cause, "soft" in event]);

    expect(events).toEqual([
      ["StasisStart", undefined, false],
      ["ChannelHangupRequest", 16, false],
      ["StasisEnd", undefined, false],
    ]);
  });

  test("caller hangs up during playback", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await harness.client.channels.play({ channelId: call.channelId, media: "sound:hello-world" });
    await advance(harness, 500);
    call.hangUp();
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart", "PlaybackStarted", "ChannelHangupRequest", "PlaybackFinished", "StasisEnd"]);
  });

  test("bridged caller hangs up", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });
    const other = harness.server.control.startInboundCall({ app: APP, callerNumber: "2000" });
    const bridge = await harness.client.bridges.create({ type: "mixing" });

    await harness.client.bridges.addChannel({ bridgeId: bridge.id, channel: `${call.channelId},${other.channelId}` });
    await harness.collector.quiet();
    harness.collector.clear();
    call.hangUp();
    await harness.collector.quiet();

    const label = (channel: { id: string }) => (channel.id === call.channelId ? "caller" : "other");

    expectFixture(harness.collector.events, loadFixture("inbound-caller-hangs-up-bridged"), { startMs: harness.clock.now(), names: harness.collector.channelNames, label });
    expect((await harness.client.channels.get({ channelId: other.channelId })).state).toBe("Ring");
    expect((await harness.client.bridges.get({ bridgeId: bridge.id })).channels).toEqual([other.channelId]);
  });

  test("application DTMF reaches the phone", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, answered: true });

    await advance(harness, 20);
    await harness.client.channels.sendDTMF({ channelId: call.channelId, dtmf: "9#", duration: 150 });
    await advance(harness, 500);

    expect(call.log.filter((entry) => entry.kind === "dtmf")).toEqual([
      { at: Date.parse("2026-03-02T10:00:00.470Z"), kind: "dtmf", digit: "9", durationMs: 150 },
      { at: Date.parse("2026-03-02T10:00:00.720Z"), kind: "dtmf", digit: "#", durationMs: 150 },
    ]);
  });

  test("moh, hold and silence send nothing", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, answered: true });
    const channelId = call.channelId;

    await advance(harness, 20);
    for (const operation of ["startMoh", "startMoh", "hold", "hold", "startSilence", "stopSilence", "unhold", "stopMoh", "stopMoh"]) {
      await harness.client.channels[operation]({ channelId });
    }
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart"]);
    expect(harness.server.control.channelFlags(channelId)).toEqual({ mohClass: undefined, onHold: false, silence: false });
  });
});
