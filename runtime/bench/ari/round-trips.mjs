// Part 2's comparison: the same ARI commands on the same test server, one at a time, through
// ari-client, through the adapter's thin client (ThinRest), and as raw keep-alive requests.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

import { WebSocket } from "ws";

import { round, summarize } from "../lib/stats.mjs";
import { SOUNDS } from "./fixture.mjs";
import { startServerProcess } from "./server-child.mjs";
import { createConnection, rawRequest } from "./thin-client.mjs";
import { ThinRest } from "../../dist/ari/adapter/thin-rest.js";

const require = createRequire(import.meta.url);
const ari = require("ari-client");

const USER = { username: "bench", password: "bench-secret" };
const APP = "ari-bench-direct";
const CLIENTS = ["raw", "thin", "ari-client"];
const ROUNDS = 4;
const TIMEOUT_MS = 5_000;

function sumCpuMicroseconds(usage) {
  return usage.user + usage.system;
}

/**
 * Opens the application's events WebSocket without ari-client, collecting the ids of channels
 * that enter it and ignoring every other event, so all three clients see the same event load.
 */
async function openApplication(url, onChannel) {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/ari/events?app=${APP}&api_key=${USER.username}:${USER.password}`);

  socket.on("message", (data) => {
    const text = data.toString();

    if (!text.includes('"StasisStart"')) return;
    onChannel(JSON.parse(text).channel.id);
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return socket;
}

async function waitFor(condition, timeoutMs, description) {
  const deadline = performance.now() + timeoutMs;

  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Returns the three ways of sending each command, each a function that resolves when the response is complete. */
function createCommandSenders(ariClient, thin, connection) {
  const media = "sound:bench-welcome";

  return {
    answer: {
      raw: (id) => rawRequest(connection, "POST", `/ari/channels/${id}/answer`),
      thin: (id) => thin.request("channels.answer", { channelId: id }, TIMEOUT_MS),
      "ari-client": (id) => ariClient.channels.answer({ channelId: id }),
    },
    play: {
      raw: (id) => rawRequest(connection, "POST", `/ari/channels/${id}/play?playbackId=${randomUUID()}&media=${encodeURIComponent(media)}`),
      thin: (id) => thin.request("channels.play", { channelId: id, playbackId: randomUUID(), media }, TIMEOUT_MS),
      "ari-client": (id) => ariClient.channels.play({ channelId: id, playbackId: randomUUID(), media }),
    },
    hangup: {
      raw: (id) => rawRequest(connection, "DELETE", `/ari/channels/${id}`),
      thin: (id) => thin.request("channels.hangup", { channelId: id }, TIMEOUT_MS),
      "ari-client": (id) => ariClient.channels.hangup({ channelId: id }),
    },
  };
}

/**
 * Sends `channelIds.length` commands with each client, one at a time, in `ROUNDS` rounds that
 * alternate the clients, so drift in the machine's load spreads over all three. Returns each
 * client's wall-time samples and its CPU time, and the server's, per command.
 */
async function measureCommand(server, send, channelIdsByClient) {
  const result = Object.fromEntries(CLIENTS.map((client) => [client, { samplesMs: [], clientCpuUs: 0, serverCpuUs: 0, count: 0 }]));

  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();

    for (const client of order) {
      const ids = channelIdsByClient[client];
      const slice = ids.slice(Math.floor((round * ids.length) / ROUNDS), Math.floor(((round + 1) * ids.length) / ROUNDS));
      const entry = result[client];
      const serverBefore = await server.send("usage");
      const cpuBefore = process.cpuUsage();

      for (const id of slice) {
        const started = performance.now();

        await send[client](id);
        entry.samplesMs.push(performance.now() - started);
      }
      entry.clientCpuUs += sumCpuMicroseconds(process.cpuUsage(cpuBefore));
      const serverAfter = await server.send("usage");

      entry.serverCpuUs += sumCpuMicroseconds(serverAfter.cpu) - sumCpuMicroseconds(serverBefore.cpu);
      entry.count += slice.length;
    }
  }
  return Object.fromEntries(
    CLIENTS.map((client) => {
      const entry = result[client];
      const wall = summarize(entry.samplesMs.map((ms) => ms * 1000));

      return [client, { count: entry.count, wallUs: { median: round(wall.median), p99: round(wall.p99) }, clientCpuUsPerCommand: round(entry.clientCpuUs / entry.count), serverCpuUsPerCommand: round(entry.serverCpuUs / entry.count) }];
    }),
  );
}

/**
 * Measures answer, play and hangup through each client: `samples` commands each for answer
 * and play (repeated on live channels, where Asterisk returns 204 again and queues the
 * playbacks), and `hangupSamples` hang-ups on channels of their own, after `warmup` unmeasured
 * answers and plays per client.
 */
export async function measureRoundTrips({ samples, hangupSamples, warmup }) {
  const server = await startServerProcess({ users: [USER], sounds: SOUNDS });
  const channelIds = [];
  let socket;
  let thin;

  try {
    socket = await openApplication(server.url, (id) => channelIds.push(id));
    const ariClient = await ari.connect(server.url, USER.username, USER.password);
    const connection = createConnection(server.url, USER.username, USER.password);
    thin = new ThinRest({ url: server.url, ...USER, app: APP });
    const senders = createCommandSenders(ariClient, thin, connection);
    const channelCount = hangupSamples * CLIENTS.length;

    await server.send("startCalls", { app: APP, extension: "s", count: channelCount, ratePerSecond: 2_000, keyAtMs: 600_000, digit: "1", stuckAfterMs: 600_000 });
    await waitFor(() => channelIds.length >= channelCount, 20_000, `${channelCount} channels to enter ${APP}`);
    const cycle = (count) => Array.from({ length: count }, (_, index) => channelIds[index % channelIds.length]);

    for (const command of ["answer", "play"]) {
      for (const client of CLIENTS) for (const id of cycle(warmup)) await senders[command][client](id);
    }
    const same = (count) => Object.fromEntries(CLIENTS.map((client) => [client, cycle(count)]));
    const answer = await measureCommand(server, senders.answer, same(samples));
    const play = await measureCommand(server, senders.play, same(samples));
    const ownChannels = Object.fromEntries(CLIENTS.map((client, index) => [client, channelIds.slice(index * hangupSamples, (index + 1) * hangupSamples)]));
    const hangup = await measureCommand(server, senders.hangup, ownChannels);

    return { method: "one command at a time, clients alternating in rounds", commands: { answer, play, hangup } };
  } finally {
    socket?.terminate();
    thin?.close();
    await server.close();
  }
}
