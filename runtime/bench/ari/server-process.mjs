// The ARI test server in its own process, driven by the benchmark over the IPC channel of
// child_process.fork: start the server, start inbound calls at a set rate, report CPU use,
// event-loop lag and request statuses, profile, close. Each command gets one reply with its id.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

import { AriTestServer } from "../../dist/ari/test-server/index.js";
import { CpuProfiler } from "./cpu-profile.mjs";

let server;
// The histogram records whole intervals of its timer, resolution included, so the lag is what
// exceeds the resolution.
const LOOP_RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const profiler = new CpuProfiler();
const calls = { started: 0, stuck: 0, issuing: false };
const requestStatuses = {};

lag.enable();

// The server keeps every sent event and every request for tests to inspect. In a run of
// thousands of calls that record only grows the heap, so it is counted and emptied each second.
const trimTimer = setInterval(trimRecords, 1_000);

function trimRecords() {
  if (!server) return;
  const log = server.control.requests();

  for (const entry of log) {
    const key = `${entry.method} ${entry.path.replace(/\/channels\/[^/]+/, "/channels/{id}").replace(/\/playbacks\/[^/]+/, "/playbacks/{id}")} ${entry.status}`;

    requestStatuses[key] = (requestStatuses[key] ?? 0) + 1;
  }
  log.length = 0;
  server.core.sentEvents.length = 0;
}

/**
 * Starts `count` inbound calls at `ratePerSecond`, paced from the start time so late timers
 * catch up. Each caller presses `digit` `keyAtMs` after entering Stasis. A call still up
 * `stuckAfterMs` after it started is counted as stuck and hung up from the phone.
 */
function startCalls({ app, extension, count, ratePerSecond, keyAtMs, digit, stuckAfterMs }) {
  const startedAt = performance.now();
  let issued = 0;

  calls.issuing = true;
  const tick = () => {
    const due = Math.min(count, Math.floor(((performance.now() - startedAt) * ratePerSecond) / 1000) + 1);

    while (issued < due) {
      const call = server.control.startInboundCall({
        app,
        extension,
        callerNumber: String(100_000 + calls.started),
        script: [{ atMs: keyAtMs, dtmf: digit }],
      });

      issued++;
      calls.started++;
      server.core.after(stuckAfterMs, () => {
        if (!call.channel.alive) return;
        calls.stuck++;
        call.hangUp();
      });
    }
    if (issued < count) setTimeout(tick, 1);
    else calls.issuing = false;
  };

  tick();
}

function subtractResolution(ns) {
  return Number(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(3));
}

function readUsage() {
  return {
    cpu: process.cpuUsage(),
    atMs: performance.now(),
    rssBytes: process.memoryUsage().rss,
    liveChannels: server ? countLiveChannels() : 0,
    loopLagMs: { p50: subtractResolution(lag.percentile(50)), p99: subtractResolution(lag.percentile(99)), max: subtractResolution(lag.max) },
    calls: { ...calls },
  };
}

// The server keeps hung-up channels in its map, so live ones are counted by their flag.
function countLiveChannels() {
  let live = 0;

  for (const channel of server.core.channels.values()) if (channel.alive) live++;
  return live;
}

const commands = {
  async start({ users, sounds }) {
    server = await AriTestServer.start({ users, sounds });
    return { url: server.url };
  },
  startCalls(options) {
    startCalls(options);
    return {};
  },
  usage: readUsage,
  resetLag() {
    lag.reset();
    return {};
  },
  requestStatuses() {
    trimRecords();
    return { ...requestStatuses };
  },
  profileStart() {
    return profiler.start();
  },
  profileStop() {
    return profiler.stop();
  },
  async close() {
    clearInterval(trimTimer);
    lag.disable();
    await server?.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on("message", async ({ id, command, args }) => {
  try {
    const result = await commands[command](args ?? {});

    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
process.send({ ready: true });
