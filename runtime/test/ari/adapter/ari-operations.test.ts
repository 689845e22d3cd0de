import { silentLogger } from "@callflow/sdk";

import { AriRequestError, type AriFailure } from "../../../src/ari/adapter/ari-errors.js";
import type { AriEvent } from "../../../src/ari/adapter/ari-events.js";
import { AriOperations, DEFAULT_REQUEST_POLICY } from "../../../src/ari/adapter/ari-operations.js";
import { ARI_CLIENT_KINDS, type AriClientKind, type AriTransport } from "../../../src/ari/adapter/ari-transport.js";
import { createAriTransport } from "../../../src/ari/adapter/create-transport.js";
import { AriTestServer, extensions } from "../../../src/ari/test-server/index.js";

jest.setTimeout(20_000);

const APP = "operations";
const USER = { username: "callflow", password: "operations-secret" };

let server: AriTestServer;
let transport: AriTransport;
let ops: AriOperations;
let events: AriEvent[];

function open(client: AriClientKind, password = USER.password): AriTransport {
  return createAriTransport(client, {
    server: { url: server.url, username: USER.username, password, app: APP },
    logger: silentLogger,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    requestTimeoutMs: 2000,
    listener: { onEvent: (event) => events.push(event), onConnected: () => {}, onReconnecting: () => {} },
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts an inbound call and returns its channel id once its StasisStart has arrived. */
async function inboundChannel(): Promise<string> {
  const before = events.filter((event) => event.type === "StasisStart").length;

  server.control.startInboundCall({ app: APP, extension: "100", callerNumber: "0911000333", script: [] });
  await until(() => events.filter((event) => event.type === "StasisStart").length > before, "StasisStart");
  return events.filter((event) => event.type === "StasisStart").at(-1)!.channel!.id;
}

function lastRequest(method: string, path: RegExp): { query: Record<string, string>; body?: unknown } {
  const entry = server.control
    .requests()
    .filter((request) => request.method === method && path.test(request.path))
    .at(-1);

  if (!entry) throw new Error(`no ${method} request matched ${path}`);
  return entry;
}

async function failureOf(promise: Promise<unknown>): Promise<AriFailure | "resolved"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (!(error instanceof AriRequestError)) throw error;
    return error.failure;
  }
}

describe.each(ARI_CLIENT_KINDS)("ARI operations with the %s client", (client) => {
  beforeEach(async () => {
    server = await AriTestServer.start({ users: [USER], timings: { defaultSoundMs: 5000 } });
    events = [];
    transport = open(client);
    ops = new AriOperations(transport, { ...DEFAULT_REQUEST_POLICY, attempts: 1 });
    await transport.start();
  });

  afterEach(async () => {
    transport.stop();
    await server.close();
  });

  it("sends channel requests as Asterisk expects", async () => {
    const channelId = await inboundChannel();

    await ops.answer(channelId);
    await ops.setVariable(channelId, "GREETING", "hello world & more");
    const value = await ops.getVariable(channelId, "GREETING");
    const missing = await ops.getVariable(channelId, "NEVER_SET");
    await ops.play(channelId, "playback-1", "sound:hello-world");
    await ops.stopPlayback("playback-1");
    await ops.sendDtmf(channelId, "12#");
    await ops.hangup(channelId, 17);

    expect(value).toBe("hello world & more");
    expect(missing).toBeUndefined();
    expect(lastRequest("POST", /\/answer$/).query).toEqual({});
    expect(lastRequest("POST", /\/play$/).query).toEqual({ playbackId: "playback-1", media: "sound:hello-world" });
    expect(lastRequest("POST", /\/dtmf$/).query).toEqual({ dtmf: "12#" });
    expect(lastRequest("DELETE", /^\/channels\/[^/]+$/).query).toEqual({ reason_code: "17" });
    await until(() => events.some((event) => event.type === "StasisEnd" && event.channel?.id === channelId), "StasisEnd");
    expect(events.some((event) => event.type === "PlaybackFinished" && event.playback?.id === "playback-1")).toBe(true);
  });

  it("originates with variables in the body", async () => {
    server.control.setExtension("agents", "2001", extensions.answer({ ringMs: 0, hangupAfterMs: 200 }));

    await ops.originate({ channelId: "leg-1", endpoint: "Local/2001@agents", app: APP, appArgs: "transfer", timeout: 5, variables: { ACCOUNT: "42", NOTE: "a b" } });
    await until(() => events.some((event) => event.type === "StasisStart" && event.channel?.id === "leg-1"), "the leg to enter Stasis");

    const request = lastRequest("POST", /^\/channels\/leg-1$/);

    expect(request.query).toEqual({ endpoint: "Local/2001@agents", app: APP, appArgs: "transfer", timeout: "5" });
    expect(request.body).toEqual({ variables: { ACCOUNT: "42", NOTE: "a b" } });
    expect(events.find((event) => event.type === "StasisStart" && event.channel?.id === "leg-1")?.args).toEqual(["transfer"]);
  });

  it("creates, fills and destroys a bridge", async () => {
    const first = await inboundChannel();
    const second = await inboundChannel();

    await ops.createBridge("bridge-1");
    await ops.addToBridge("bridge-1", [first, second]);
    await until(() => events.filter((event) => event.type === "ChannelEnteredBridge").length === 2, "both channels in the bridge");
    await ops.destroyBridge("bridge-1");

    expect(lastRequest("POST", /^\/bridges$/).query).toEqual({ bridgeId: "bridge-1", type: "mixing" });
    expect(lastRequest("POST", /\/addChannel$/).query).toEqual({ channel: `${first},${second}` });
    expect(server.control.bridges()).toEqual([]);
  });

  it("lists the channels in Stasis", async () => {
    const channelId = await inboundChannel();

    const ids = await ops.listChannelIds();

    expect([...ids]).toEqual([channelId]);
  });

  it("classifies Asterisk's errors", async () => {
    const channelId = await inboundChannel();
    await ops.createBridge("bridge-2");

    expect(await failureOf(ops.hangup("no-such-channel"))).toBe("not-found");
    expect(await failureOf(ops.setVariable("no-such-channel", "X", "1"))).toBe("not-found");
    expect(await failureOf(ops.addToBridge("bridge-2", ["no-such-channel"]))).toBe("not-found");
    expect(await failureOf(ops.addToBridge("no-such-bridge", [channelId]))).toBe("not-found");
    expect(await failureOf(ops.createBridge("bridge-2"))).toBe("conflict");
    expect(await failureOf(ops.originate({ channelId: "bad-1", endpoint: "no-slash", app: APP }))).toBe("invalid");
    expect(await failureOf(ops.originate({ channelId: "bad-2", endpoint: "Carrier/123", app: APP }))).toBe("server");

    server.control.failNext({ method: "POST", path: "/channels/{channelId}/answer", status: 409 });
    expect(await failureOf(ops.answer(channelId))).toBe("not-in-stasis");
    server.control.failNext({ method: "POST", path: "/channels/{channelId}/answer", status: 409, message: "Channel is not in the 'Down' state" });
    expect(await failureOf(ops.answer(channelId))).toBe("conflict");
    server.control.failNext({ method: "POST", path: "/channels/{channelId}/answer", status: 412 });
    expect(await failureOf(ops.answer(channelId))).toBe("conflict");
  });
});

// Only the thin client: on a 401, ari-client 2.2.0 (through swagger-client 2.0.26) throws the
// string "401 : undefined <url>" as an uncaught exception besides rejecting connect.
describe("ARI connect with the thin client", () => {
  beforeEach(async () => {
    server = await AriTestServer.start({ users: [USER] });
    events = [];
  });

  afterEach(async () => {
    await server.close();
  });

  it("rejects a wrong password", async () => {
    const wrong = open("thin", "not-the-password");

    await expect(wrong.start()).rejects.toThrow(/^connecting to ARI at http:\/\/127\.0\.0\.1:\d+ as callflow failed: .*HTTP 401.*; check the URL/);
    wrong.stop();
  });
});
