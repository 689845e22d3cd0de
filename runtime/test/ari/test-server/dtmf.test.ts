import { extensions } from "../../../src/ari/test-server/index.js";
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

describe("DTMF", () => {
  test("digits reach the other half 200 ms apart", async () => {
    harness.server.control.setExtension("default", "far", extensions.stasis(APP));

    const first = await harness.client.channels.originate({ endpoint: "Local/far@default", app: APP });

    await advance(harness, 0);
    await advance(harness, 500);
    harness.collector.clear();

    const start = harness.clock.now();

    await harness.client.channels.sendDTMF({ channelId: first.id, dtmf: "123", duration: 100, between: 100 });
    expect(harness.server.control.requests().at(-1)?.status).toBe(204);
    await advance(harness, 500);

    expectFixture(harness.collector.events, loadFixture("dtmf-send"), { startMs: start, names: harness.collector.channelNames });
  });

  test("missing dtmf is 400", async () => {
    const call = harness.server.control.startInboundCall({ app: APP });

    await expect(harness.client.channels.sendDTMF({ channelId: call.channelId })).rejects.toThrow('{"message":"DTMF is required"}');
  });
});
