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

async function caller(number = "1000"): Promise<string> {
  const call = harness.server.control.startInboundCall({ app: APP, callerNumber: number });

  await harness.collector.waitFor((event) => event.type === "StasisStart" && (event.channel as { id: string }).id === call.channelId);
  return call.channelId;
}

async function bridgeWith(...channels: string[]): Promise<string> {
  const bridge = await harness.client.bridges.create({ type: "mixing", name: "call" });

  if (channels.length > 0) await harness.client.bridges.addChannel({ bridgeId: bridge.id, channel: channels.join(",") });
  await harness.collector.quiet();
  return bridge.id;
}

function types(): string[] {
  return harness.collector.events.map((event) => event.type);
}

describe("bridges", () => {
  test("create returns the mixing bridge", async () => {
    const response = await fetch(`${harness.server.url}/ari/bridges?type=mixing&bridgeId=b1&api_key=asterisk:asterisk`, { method: "POST" });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: "b1",
      technology: "simple_bridge",
      bridge_type: "mixing",
      bridge_class: "stasis",
      creator: "Stasis",
      name: "",
      channels: [],
      creationtime: "2026-03-02T10:00:00.300+0000",
      video_mode: "talker",
    });
    expect(harness.server.control.events().map((sent) => sent.event.type)).not.toContain("BridgeCreated");
  });

  test("reused id is 409", async () => {
    await harness.client.bridges.create({ bridgeId: "b1" });

    await expect(harness.client.bridges.create({ bridgeId: "b1" })).rejects.toThrow("already exists");
  });

  test("adding two sets BRIDGEPEER on both", async () => {
    const first = await caller();
    const leg = await answeredLeg(harness);
    const bridgeId = await bridgeWith();

    harness.collector.clear();
    await harness.client.bridges.addChannel({ bridgeId, channel: `${first},${leg}` });
    await harness.collector.quiet();

    expectFixture(harness.collector.events, loadFixture("bridge-add-two"), { startMs: harness.clock.now(), names: harness.collector.channelNames });

    const entered = harness.collector.ofType("ChannelEnteredBridge").map((event) => (event.bridge as { channels: string[] }).channels);
    const peers = harness.collector.ofType("ChannelVarset").map((event) => [(event.channel as { id: string }).id, event.value]);
    const names = harness.collector.channelNames;

    expect(entered).toEqual([[first], [first, leg]]);
    expect(peers).toEqual([
      [first, names.get(leg)],
      [leg, names.get(first)],
    ]);
  });

  test("re-adding a member leaves and enters", async () => {
    const first = await caller();
    const bridgeId = await bridgeWith(first);

    harness.collector.clear();
    await harness.client.bridges.addChannel({ bridgeId, channel: first });
    await harness.collector.quiet();

    expect(types()).toEqual(["ChannelLeftBridge", "ChannelEnteredBridge"]);
  });

  test("a member of another bridge moves", async () => {
    const first = await caller();
    const from = await bridgeWith(first);
    const to = await bridgeWith();

    harness.collector.clear();
    await harness.client.bridges.addChannel({ bridgeId: to, channel: first });
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => [event.type, (event.bridge as { id: string }).id])).toEqual([
      ["ChannelLeftBridge", from],
      ["ChannelEnteredBridge", to],
    ]);
  });

  test("three members use softmix", async () => {
    const bridgeId = await bridgeWith(await caller("1"), await caller("2"), await caller("3"));

    expect((await harness.client.bridges.get({ bridgeId })).technology).toBe("softmix");
  });

  test.each([
    ["addChannel", "unknown channel", 400, "Channel not found"],
    ["removeChannel", "non-member", 422, "Channel not in this bridge"],
  ])("%s with %s is %i", async (operation, _case, _status, message) => {
    const member = await caller();
    const bridgeId = await bridgeWith();

    await expect(harness.client.bridges[operation]({ bridgeId, channel: operation === "addChannel" ? "nope" : member })).rejects.toThrow(JSON.stringify({ message }));
  });

  test("unknown bridge is 404", async () => {
    const member = await caller();

    await expect(harness.client.bridges.addChannel({ bridgeId: "nope", channel: member })).rejects.toThrow('{"message":"Bridge not found"}');
    await expect(harness.client.bridges.destroy({ bridgeId: "nope" })).rejects.toThrow('{"message":"Bridge not found"}');
  });

  test("callee hangs up", async () => {
    const first = await caller();
    const leg = await answeredLeg(harness);

    await bridgeWith(first, leg);
    harness.collector.clear();
    harness.server.control.hangUpFromFarEnd(harness.server.control.channels().find((channel) => String(channel.name).endsWith(";2"))!.id as string);
    await harness.collector.quiet();

    const events = harness.collector.events.filter((event) => (event.channel as { id: string } | undefined)?.id !== first);

    expectFixture(events, loadFixture("bridge-callee-hangs-up"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
    expect(harness.collector.events.length).toBe(events.length);
  });

  test("bridge outlives its members", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");

    const bridgeId = await bridgeWith(call.channelId);

    call.hangUp();
    await harness.collector.quiet();

    expect((await harness.client.bridges.get({ bridgeId })).channels).toEqual([]);
  });

  test("delete keeps members in Stasis", async () => {
    const first = await caller();
    const bridgeId = await bridgeWith(first);

    harness.collector.clear();
    await harness.client.bridges.destroy({ bridgeId });
    await harness.collector.quiet();

    expect(types()).toEqual(["ChannelLeftBridge"]);
    expect((await harness.client.applications.get({ applicationName: APP })).channel_ids).toContain(first);
  });

  test("BridgeDestroyed after a member hung up", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await harness.collector.waitFor((event) => event.type === "StasisStart");

    const bridgeId = await bridgeWith(call.channelId, await caller("2000"));

    call.hangUp();
    await harness.client.bridges.destroy({ bridgeId });
    await harness.collector.quiet();

    expect(types().at(-1)).toBe("BridgeDestroyed");
  });

  test("BridgeDestroyed after subscribing", async () => {
    const bridgeId = await bridgeWith();

    await harness.client.applications.subscribe({ applicationName: APP, eventSource: `bridge:${bridgeId}` });
    await harness.client.bridges.destroy({ bridgeId });
    await harness.collector.quiet();

    expect(types()).toContain("BridgeDestroyed");
  });

  test.each([
    ["unused", async () => bridgeWith()],
    ["emptied by removeChannel", async () => {
      const member = await caller();
      const bridgeId = await bridgeWith(member);

      await harness.client.bridges.removeChannel({ bridgeId, channel: member });
      return bridgeId;
    }],
    ["deleted with its only member", async () => bridgeWith(await caller())],
  ])("no BridgeDestroyed when %s", async (_case, prepare) => {
    const bridgeId = await prepare();

    await harness.client.bridges.destroy({ bridgeId });
    await harness.collector.quiet();

    expect(types()).not.toContain("BridgeDestroyed");
  });

  test("continue from a bridge leaves it first", async () => {
    harness.server.control.setExtension("internal", "700", [{ app: "Echo" }]);

    const first = await caller();
    const leg = await answeredLeg(harness);

    await bridgeWith(first, leg);
    harness.collector.clear();
    await harness.client.channels.continueInDialplan({ channelId: leg, context: "internal", extension: "700" });
    await advance(harness, 0);

    const ofLeg = harness.collector.events.filter((event) => (event.channel as { id: string } | undefined)?.id === leg).map((event) => event.type);

    expect(ofLeg.slice(0, 4)).toEqual(["ChannelVarset", "ChannelLeftBridge", "StasisEnd", "ChannelVarset"]);
  });
});
