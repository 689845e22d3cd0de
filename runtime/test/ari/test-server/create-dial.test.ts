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

async function createTo(steps: DialplanStep[] | undefined): Promise<string> {
  if (steps) harness.server.control.setExtension("default", "callee", steps);

  const channel = await harness.client.channels.create({ endpoint: "Local/callee@default", app: APP, appArgs: "first" });

  await advance(harness, 0);
  return channel.id as string;
}

describe("create and dial", () => {
  test("create enters Stasis Down", async () => {
    const start = harness.clock.now();
    const id = await createTo(extensions.answer());

    expectFixture(harness.collector.events, loadFixture("create"), { startMs: start, names: harness.collector.channelNames });
    expect((await harness.client.channels.get({ channelId: id })).state).toBe("Down");
  });

  const outcomes: Array<[string, DialplanStep[] | undefined, number, number]> = [
    ["create-dial-answer", extensions.answer(), 0, 0],
    ["create-dial-ring", extensions.answer({ ringMs: 1000 }), 1000, 0],
    ["create-dial-busy", extensions.busy(), 0, 0],
    ["create-dial-congestion", extensions.congestion(), 0, 0],
    ["create-dial-no-answer", extensions.noAnswer(), 2000, 2],
    ["create-dial-no-extension", undefined, 0, 0],
  ];

  test.each(outcomes)("%s", async (fixture, steps, runMs, timeout) => {
    const id = await createTo(steps);

    harness.collector.clear();

    const start = harness.clock.now();

    await harness.client.channels.dial({ channelId: id, timeout });
    await advance(harness, 0);
    await advance(harness, runMs);

    expectFixture(harness.collector.events, loadFixture(fixture), { startMs: start, names: harness.collector.channelNames });
  });

  test("busy leaves channel in Stasis", async () => {
    const id = await createTo(extensions.busy());

    await harness.client.channels.dial({ channelId: id });
    await advance(harness, 0);

    const channel = await harness.client.channels.get({ channelId: id });
    const app = await harness.client.applications.get({ applicationName: APP });

    expect(channel.state).toBe("Down");
    expect(app.channel_ids).toContain(id);
  });

  test("second dial is 409", async () => {
    const id = await createTo(extensions.answer());

    await harness.client.channels.dial({ channelId: id });
    await advance(harness, 0);

    await expect(harness.client.channels.dial({ channelId: id })).rejects.toThrow('{"message":"Channel is not in the \'Down\' state"}');
  });

  test.each(["ring", "answer"])("%s before dial is 412", async (operation) => {
    const id = await createTo(extensions.answer());

    await expect(harness.client.channels[operation]({ channelId: id })).rejects.toThrow('{"message":"Channel in invalid state"}');
  });
});
