import { extensions, type DialplanStep } from "../../../src/ari/test-server/index.js";
import { expectFixture, loadFixture } from "./support/fixtures.js";
import { advance, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness();
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

async function originateTo(steps: DialplanStep[] | undefined, extra: Record<string, unknown> = {}) {
  if (steps) harness.server.control.setExtension("default", "callee", steps);
  return harness.client.channels.originate({ endpoint: "Local/callee@default", app: APP, ...extra });
}

describe("originate into the application", () => {
  test("returns ;1 Down with consecutive ids", async () => {
    const channel = await originateTo(extensions.answer());
    const [epoch, counter] = channel.id.split(".");

    expect(channel.state).toBe("Down");
    expect(channel.name).toMatch(/^Local\/callee@default-[0-9a-f]{8};1$/);
    expect(channel.dialplan).toEqual({ context: "default", exten: "callee", priority: 1, app_name: "AppDial2", app_data: "(Outgoing Line)" });

    const list = await harness.client.channels.list();
    const second = list.find((other: { name: string }) => other.name.endsWith(";2"));

    expect(second.id).toBe(`${epoch}.${Number(counter) + 1}`);
  });

  test("both halves enter Stasis", async () => {
    const start = harness.clock.now();

    harness.server.control.setExtension("default", "far", extensions.stasis(APP));
    await harness.client.channels.originate({ endpoint: "Local/far@default", app: APP, appArgs: "far", callerId: "\"Alice\" <100>" });
    await advance(harness, 0);
    await advance(harness, 500);

    expectFixture(harness.collector.events, loadFixture("originate-into-app"), { startMs: start, names: harness.collector.channelNames });
  });

  const outcomes: Array<[string, DialplanStep[] | undefined, number, Record<string, unknown>]> = [
    ["originate-answer", extensions.answer(), 500, {}],
    ["originate-ring-then-answer", extensions.answer({ ringMs: 1000 }), 1500, {}],
    ["originate-busy", extensions.busy(), 0, {}],
    ["originate-congestion", extensions.congestion(), 0, {}],
    ["originate-no-answer", extensions.noAnswer(), 4000, { timeout: 4 }],
    ["originate-rejected", extensions.reject(21), 0, {}],
    ["originate-no-extension", undefined, 0, {}],
  ];

  test.each(outcomes)("%s", async (fixture, steps, runMs, extra) => {
    const start = harness.clock.now();

    await originateTo(steps, extra);
    await advance(harness, 0);
    await advance(harness, runMs);

    expectFixture(harness.collector.events, loadFixture(fixture), { startMs: start, names: harness.collector.channelNames });
  });

  test("default timeout is 30 s", async () => {
    await originateTo(extensions.noAnswer());
    await advance(harness, 0);
    await advance(harness, 29_999);

    expect(harness.collector.ofType("ChannelDestroyed")).toEqual([]);
    await advance(harness, 1);
    expect(harness.collector.ofType("ChannelDestroyed").map((event) => event.cause)).toEqual([19, 19]);
  });

  test("deleting a ringing leg", async () => {
    const channel = await originateTo(extensions.noAnswer());

    await advance(harness, 0);
    harness.collector.clear();
    await harness.client.channels.hangup({ channelId: channel.id });
    await harness.collector.quiet();

    expectFixture(harness.collector.events, loadFixture("originate-delete-ringing"), { startMs: harness.clock.now(), names: harness.collector.channelNames });
  });

  test("ringing leg shows AppDial2 dialplan", async () => {
    const channel = await originateTo(extensions.noAnswer());

    await advance(harness, 0);

    const ringing = harness.collector.ofType("Dial").find((event) => event.dialstatus === "RINGING");

    expect(ringing?.peer).toMatchObject({ id: channel.id, state: "Ringing", dialplan: { app_name: "AppDial2", app_data: "(Outgoing Line)" } });
  });

  test("Dial events carry no caller", async () => {
    await originateTo(extensions.answer(), { originator: "1.1" });
    await advance(harness, 0);

    const dials = harness.collector.ofType("Dial");

    expect(dials.map((event) => "caller" in event)).toEqual([false, false]);
    expect(dials.map((event) => event.dialstring)).toEqual(["callee@default", ""]);
    expect(dials.map((event) => event.forward)).toEqual(["", ""]);
  });

  test("channelId gives ;2 its id", async () => {
    const channel = await originateTo(extensions.answer(), { channelId: "leg-1" });
    const second = await harness.client.channels.get({ channelId: "leg-1;2" });

    expect(channel.id).toBe("leg-1");
    expect(second.name).toMatch(/;2$/);
  });

  test("variables body reaches ;1", async () => {
    const channel = await originateTo(extensions.answer(), { variables: { CALL_KIND: "transfer" } });
    const variable = await harness.client.channels.getChannelVar({ channelId: channel.id, variable: "CALL_KIND" });

    expect(variable).toEqual({ value: "transfer" });
    expect(harness.server.control.requests().at(-1)?.path).toBe(`/channels/${channel.id}/variable`);
    expect(harness.server.control.requests().find((entry) => entry.method === "POST")?.body).toEqual({ variables: { CALL_KIND: "transfer" } });
  });

  test("originate to an extension entering Stasis", async () => {
    harness.server.control.setExtension("default", "callee", extensions.answer());
    harness.server.control.setExtension("internal", "500", [{ app: "NoOp" }, { app: "Stasis", data: `${APP},viaDialplan` }]);

    await harness.client.channels.originate({ endpoint: "Local/callee@default", extension: "500", context: "internal" });
    await advance(harness, 0);

    const [start] = harness.collector.events;

    expect(harness.collector.events.map((event) => event.type)).toEqual(["StasisStart"]);
    expect(start.args).toEqual(["viaDialplan"]);
    expect(start.channel).toMatchObject({ name: expect.stringMatching(/;1$/), dialplan: { context: "internal", exten: "500", priority: 2 } });
  });
});
