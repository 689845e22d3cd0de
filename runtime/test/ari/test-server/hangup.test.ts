import { extensions } from "../../../src/ari/test-server/index.js";
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

/** Originates into the app with both halves in Stasis and returns their ids. */
async function pairInStasis(): Promise<{ first: string; second: string }> {
  harness.server.control.setExtension("default", "far", extensions.stasis(APP));

  const first = await harness.client.channels.originate({ endpoint: "Local/far@default", app: APP });

  await advance(harness, 0);
  await advance(harness, 500);

  const second = harness.collector.ofType("StasisStart").find((event) => (event.channel as { name: string }).name.endsWith(";2"));

  harness.collector.clear();
  return { first: first.id, second: (second!.channel as { id: string }).id };
}

describe("hang-up orders", () => {
  test("DELETE of the second half", async () => {
    const { second } = await pairInStasis();

    await harness.client.channels.hangup({ channelId: second });
    await harness.collector.quiet();

    expectFixture(harness.collector.events, loadFixture("hangup-second-half"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("far half hangs up during playback", async () => {
    const { first, second } = await pairInStasis();

    await harness.client.channels.play({ channelId: second, media: "sound:hello-world" });
    await advance(harness, 100);
    harness.collector.clear();
    await harness.client.channels.hangup({ channelId: first });
    await harness.collector.quiet();

    expectFixture(harness.collector.events, loadFixture("hangup-far-half-during-playback"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("playback is gone after hang-up", async () => {
    const { first, second } = await pairInStasis();
    const playback = await harness.client.channels.play({ channelId: second, media: "sound:hello-world" });

    await advance(harness, 0);
    await harness.client.channels.hangup({ channelId: first });

    await expect(harness.client.playbacks.get({ playbackId: playback.id })).rejects.toThrow('{"message":"Playback not found"}');
  });

  test("request on a gone channel is 404", async () => {
    const { first } = await pairInStasis();

    await harness.client.channels.hangup({ channelId: first });

    await expect(harness.client.channels.answer({ channelId: first })).rejects.toThrow('{"message":"Channel not found"}');
    await expect(harness.client.channels.hangup({ channelId: first })).rejects.toThrow('{"message":"Channel not found"}');
  });

  test.each([
    [{ reason: "bogus" }, "Invalid reason for hangup reason provided"],
    [{ reason: "busy", reason_code: "17" }, "The reason and reason_code can't both be specified"],
  ])("DELETE with %j is 400", async (query, message) => {
    const id = await answeredLeg(harness);

    await expect(harness.client.channels.hangup({ channelId: id, ...query })).rejects.toThrow(JSON.stringify({ message }));
  });

  test("reason sets the destroy cause", async () => {
    const id = await answeredLeg(harness);

    await harness.client.channels.hangup({ channelId: id, reason: "congestion" });
    await harness.collector.quiet();

    const destroyed = harness.collector.ofType("ChannelDestroyed").find((event) => (event.channel as { id: string }).id === id);

    expect(destroyed).toMatchObject({ cause: 34, cause_txt: "Circuit/channel congestion" });
  });
});
