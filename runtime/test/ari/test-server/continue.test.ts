import { expectFixture, loadFixture } from "./support/fixtures.js";
import { advance, answeredLeg, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness();
  harness.server.control.setExtension("internal", "600", [{ app: "NoOp" }, { app: "Hangup" }]);
  harness.server.control.setExtension("internal", "700", [{ app: "NoOp", label: "start" }, { app: "Stasis", data: `${APP},x` }]);
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

async function caller(): Promise<string> {
  const call = harness.server.control.startInboundCall({ app: APP });

  await harness.collector.waitFor((event) => event.type === "StasisStart");
  harness.collector.clear();
  return call.channelId;
}

async function continueTo(channelId: string, query: Record<string, unknown>): Promise<void> {
  await harness.client.channels.continueInDialplan({ channelId, ...query });
  await advance(harness, 0);
}

describe("continue", () => {
  test("dialplan-entered channel sends only StasisEnd", async () => {
    const channelId = await caller();

    await continueTo(channelId, { context: "internal", extension: "600" });

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisEnd"]);
  });

  test("originated leg runs the dialplan", async () => {
    const channelId = await answeredLeg(harness);

    await continueTo(channelId, { context: "internal", extension: "600", priority: 1 });

    expectFixture(harness.collector.events, loadFixture("continue-originated-leg"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("no parameters go to the next priority", async () => {
    const channelId = await answeredLeg(harness);

    await continueTo(channelId, {});

    const dialplan = harness.collector.ofType("ChannelDialplan")[0];

    expect(dialplan.dialplan_app).toBe("Echo");
    expect(dialplan.channel).toMatchObject({ id: channelId, dialplan: { context: "default", exten: "callee", priority: 2 } });
  });

  test("into Stasis again with arguments", async () => {
    const channelId = await caller();

    await continueTo(channelId, { context: "internal", extension: "700", label: "start" });

    expectFixture(harness.collector.events, loadFixture("continue-into-stasis"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("nonexistent extension hangs up with cause 0", async () => {
    const channelId = await answeredLeg(harness);

    await continueTo(channelId, { context: "nowhere", extension: "1" });

    const destroyed = harness.collector.ofType("ChannelDestroyed").find((event) => (event.channel as { id: string }).id === channelId);

    expect(harness.server.control.requests().at(-1)?.status).toBe(204);
    expect(destroyed).toMatchObject({ cause: 0, cause_txt: "Unknown" });
  });

  test("unknown label is 404", async () => {
    const channelId = await caller();

    await expect(harness.client.channels.continueInDialplan({ channelId, context: "internal", extension: "700", label: "nope" })).rejects.toThrow(
      '{"message":"Requested label can not be found"}',
    );
  });

  test("channel no longer in Stasis is 409", async () => {
    const channelId = await caller();

    harness.server.control.setExtension("internal", "800", [{ app: "Echo" }]);
    await continueTo(channelId, { context: "internal", extension: "800" });

    await expect(harness.client.channels.continueInDialplan({ channelId })).rejects.toThrow('{"message":"Channel not in Stasis application"}');
  });
});
