import { advance, answeredLeg, APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

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

const get = (variable: string, id = channelId) => harness.client.channels.getChannelVar({ channelId: id, variable });
const set = (query: Record<string, unknown>, id = channelId) => harness.client.channels.setChannelVar({ channelId: id, ...query });

/** Creates a channel and returns the id of its `;2` half, which exists outside Stasis. */
async function channelOutsideStasis(): Promise<string> {
  const created = await harness.client.channels.create({ endpoint: "Local/callee@default", app: APP });
  const second = harness.server.control.channels().find((channel) => channel.name === created.name.replace(/;1$/, ";2"))!;

  await advance(harness, 0);
  return second.id as string;
}

describe("channel variables", () => {
  test("set sends ChannelVarset and get reads it", async () => {
    await set({ variable: "MENU", value: "main" });
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => [event.type, event.variable, event.value])).toEqual([["ChannelVarset", "MENU", "main"]]);
    expect(await get("MENU")).toEqual({ value: "main" });
  });

  test("empty value is empty string", async () => {
    await set({ variable: "MENU", value: "" });

    expect(await get("MENU")).toEqual({ value: "" });
  });

  test("no value unsets", async () => {
    await set({ variable: "MENU", value: "main" });
    await set({ variable: "MENU" });
    await set({ variable: "NEVER_SET" });
    await harness.collector.quiet();

    expect(harness.collector.events.map((event) => [event.variable, event.value])).toEqual([
      ["MENU", "main"],
      ["MENU", ""],
    ]);
    await expect(get("MENU")).rejects.toThrow('{"message":"Provided variable was not found"}');
  });

  test("functions read the channel", async () => {
    const call = harness.server.control.startInboundCall({ app: APP, callerNumber: "+15550100" });

    expect(await get("CALLERID(num)", call.channelId)).toEqual({ value: "+15550100" });
  });

  test("unknown function is 500", async () => {
    await expect(get("NOPE(x)")).rejects.toThrow('{"message":"Unable to read provided function"}');
  });

  test("missing variable name is 400", async () => {
    const response = await fetch(`${harness.server.url}/ari/channels/${channelId}/variable?api_key=asterisk:asterisk`);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Variable name is required" });
  });

  test("unknown channel is 404", async () => {
    await expect(get("MENU", "nope")).rejects.toThrow('{"message":"Provided channel was not found"}');
  });

  test("get works outside Stasis", async () => {
    const outside = await channelOutsideStasis();

    expect(await get("CHANNEL(name)", outside)).toEqual({ value: expect.stringMatching(/;2$/) });
  });

  test.each([
    ["setChannelVar", { variable: "X", value: "1" }],
    ["play", { media: "sound:hello-world" }],
    ["startMoh", {}],
    ["hold", {}],
    ["ring", {}],
    ["answer", {}],
    ["sendDTMF", { dtmf: "1" }],
  ])("%s outside Stasis is 409", async (operation, query) => {
    const outside = await channelOutsideStasis();

    await expect(harness.client.channels[operation]({ channelId: outside, ...query })).rejects.toThrow('{"message":"Channel not in Stasis application"}');
  });
});
