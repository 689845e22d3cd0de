import { expectFixture, loadFixture } from "./support/fixtures.js";
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

async function callerInStasis(): Promise<string> {
  const call = harness.server.control.startInboundCall({ app: APP, answered: false });

  await harness.collector.waitFor((event) => event.type === "StasisStart");
  harness.collector.clear();
  return call.channelId;
}

async function record(channelId: string, extra: Record<string, unknown> = {}) {
  return harness.client.channels.record({ channelId, name: "message", format: "wav", ...extra });
}

describe("recording", () => {
  test("maxDurationSeconds counts whole seconds", async () => {
    const channelId = await callerInStasis();
    const start = harness.clock.now();

    await record(channelId, { maxDurationSeconds: 3 });
    await advance(harness, 0);
    await advance(harness, 3700);

    expectFixture(harness.collector.events, loadFixture("recording-max-duration"), { startMs: start, names: harness.collector.channelNames });
  });

  test("record answers 201 with Location", async () => {
    const channelId = await callerInStasis();
    const response = await fetch(`${harness.server.url}/ari/channels/${channelId}/record?name=msg-1&format=wav&api_key=asterisk:asterisk`, { method: "POST" });

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/ari/recordings/live/msg-1");
    expect(await response.json()).toEqual({ name: "msg-1", format: "wav", target_uri: `channel:${channelId}`, state: "queued" });
  });

  test("silence fields absent without detection", async () => {
    const channelId = await callerInStasis();

    await record(channelId, { maxDurationSeconds: 1 });
    await advance(harness, 0);
    await advance(harness, 2000);

    const finished = harness.collector.ofType("RecordingFinished")[0].recording as Record<string, unknown>;

    expect(finished).not.toHaveProperty("talking_duration");
    expect(finished).not.toHaveProperty("silence_duration");
  });

  test("silence detection stops and splits", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, script: [{ atMs: 0, talkMs: 2000 }] });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await advance(harness, 0);
    await record(call.channelId, { maxSilenceSeconds: 2 });
    await advance(harness, 0);
    await advance(harness, 4000);

    const finished = harness.collector.ofType("RecordingFinished")[0];

    expect(finished.timestamp).toBe("2026-03-02T10:00:04.300+0000");
    expect(finished.recording).toMatchObject({ state: "done", duration: 4, talking_duration: 2, silence_duration: 2 });
  });

  test("terminateOn stops on the digit", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, script: [{ atMs: 1000, dtmf: "#" }] });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await record(call.channelId, { terminateOn: "#" });
    await advance(harness, 0);
    await advance(harness, 1100);

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart", "RecordingStarted", "ChannelDtmfReceived", "RecordingFinished"]);
  });

  test("channel without media gives up", async () => {
    const channelId = await answeredLeg(harness);
    const start = harness.clock.now();

    await record(channelId);
    await advance(harness, 0);
    await advance(harness, 4000);

    expectFixture(harness.collector.events, loadFixture("recording-no-media"), { startMs: start, names: harness.collector.channelNames });
  });

  test("bridged channel fails to record", async () => {
    const channelId = await callerInStasis();
    const bridge = await harness.client.bridges.create({ type: "mixing" });

    await harness.client.bridges.addChannel({ bridgeId: bridge.id, channel: channelId });
    await record(channelId);
    await advance(harness, 0);

    expect(harness.collector.ofType("RecordingFailed")[0].recording).toMatchObject({ state: "failed", cause: "Cannot record channel while in bridge" });
  });

  test("stop stores the recording", async () => {
    const channelId = await callerInStasis();

    await record(channelId);
    await advance(harness, 0);
    await advance(harness, 2500);
    await harness.client.recordings.stop({ recordingName: "message" });

    expect(await harness.client.recordings.listStored()).toEqual([expect.objectContaining({ name: "message", format: "wav" })]);
    expect(await harness.client.recordings.getStored({ recordingName: "message" })).toMatchObject({ name: "message", format: "wav" });
  });

  test("stored list items are name and format", async () => {
    const channelId = await callerInStasis();

    await record(channelId);
    await advance(harness, 1000);
    await harness.client.recordings.stop({ recordingName: "message" });

    const response = await fetch(`${harness.server.url}/ari/recordings/stored?api_key=asterisk:asterisk`);

    expect(await response.json()).toEqual([{ name: "message", format: "wav" }]);
  });

  test("cancel discards the recording", async () => {
    const channelId = await callerInStasis();

    await record(channelId);
    await advance(harness, 1000);
    await harness.client.recordings.cancel({ recordingName: "message" });
    await harness.collector.quiet();

    expect(harness.collector.ofType("RecordingFinished")[0].recording).toMatchObject({ state: "canceled" });
    expect(await harness.client.recordings.listStored()).toEqual([]);
  });

  test("hang-up ends the recording first", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");
    await record(call.channelId);
    await advance(harness, 1000);
    call.hangUp();
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart", "RecordingStarted", "ChannelHangupRequest", "RecordingFinished", "StasisEnd"]);
  });

  test("stored file is 8 kHz 16-bit WAV", async () => {
    const channelId = await callerInStasis();

    await record(channelId);
    await advance(harness, 0);
    await advance(harness, 2000);
    await harness.client.recordings.stop({ recordingName: "message" });

    const response = await fetch(`${harness.server.url}/ari/recordings/stored/message/file?api_key=asterisk:asterisk`);
    const bytes = Buffer.from(await response.arrayBuffer());

    expect(bytes.toString("ascii", 0, 4)).toBe("RIFF");
    expect(bytes.readUInt32LE(24)).toBe(8000);
    expect(bytes.readUInt32LE(40)).toBe(2000 * 16);
  });

  test.each([
    [{ format: "xyz" }, 422, "specified format is unknown on this system"],
    [{ maxDurationSeconds: -1 }, 400, "max_duration_seconds cannot be negative"],
    [{ ifExists: "maybe" }, 400, "ifExists invalid"],
  ])("record with %j is %i", async (extra, _status, message) => {
    const channelId = await callerInStasis();

    await expect(record(channelId, extra)).rejects.toThrow(JSON.stringify({ message }));
  });

  test("name in use is 409", async () => {
    const channelId = await callerInStasis();

    await record(channelId);

    await expect(record(channelId)).rejects.toThrow(JSON.stringify({ message: "Recording 'message' already exists and can not be overwritten" }));
  });

  test("unknown recordings are 404", async () => {
    await expect(harness.client.recordings.getLive({ recordingName: "none" })).rejects.toThrow('{"message":"Recording not found"}');
    await expect(harness.client.recordings.getStored({ recordingName: "none" })).rejects.toThrow('{"message":"Recording not found"}');
    await expect(harness.client.recordings.deleteStored({ recordingName: "none" })).rejects.toThrow('{"message":"Recording not found"}');
  });
});
