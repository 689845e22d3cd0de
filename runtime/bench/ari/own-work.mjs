// Part 2's control: the runtime's own work per step with no network and no ARI client inside
// the spans. The runtime is wired as in runtime-under-test.mjs, but its AriConnection runs on an
// in-process transport that records each request and lets the benchmark settle it, and the
// benchmark feeds the events the test server would send. Calls run one at a time, either back
// to back (code and data stay in the CPU caches) or with an idle gap between calls, as the
// light load of part 1 leaves the process.
import path from "node:path";
import { performance } from "node:perf_hooks";

import { createNodeRegistry } from "@callflow/nodes";

import { AriConnection } from "../../dist/ari/adapter/ari-connection.js";
import { FileDirectory } from "../../dist/directory/file-directory.js";
import { CallService } from "../../dist/service/call-service.js";
import { FileFlowSource } from "../../dist/service/flow-source.js";
import { round, summarize } from "../lib/stats.mjs";
import { BENCH_NUMBER } from "./fixture.mjs";
import { CountingLogger } from "./runtime-under-test.mjs";

/**
 * A transport that keeps the last request for the benchmark to settle. `playbacks.stop` is
 * settled at once, as it is not a step of the flow.
 */
class RecordingTransport {
  constructor() {
    this.kind = "in-process";
    this.requestedAt = 0;
    this.pending = undefined;
    this.waiting = undefined;
  }

  async start() {}

  stop() {}

  request(operation, params) {
    this.requestedAt = performance.now();
    return new Promise((resolve) => {
      if (operation === "playbacks.stop") {
        resolve(undefined);
        return;
      }
      const entry = { operation, params, resolve };

      if (this.waiting) {
        const waiting = this.waiting;

        this.waiting = undefined;
        waiting(entry);
      } else this.pending = entry;
    });
  }

  /** Resolves with the next request the runtime sends. */
  next() {
    return new Promise((resolve) => {
      if (this.pending) {
        const entry = this.pending;

        this.pending = undefined;
        resolve(entry);
      } else this.waiting = resolve;
    });
  }
}

function channelJson(id) {
  return {
    id,
    name: `PJSIP/caller-${id}`,
    state: "Ring",
    caller: { name: "", number: "0911000222" },
    connected: { name: "", number: "" },
    dialplan: { context: "from-external", exten: BENCH_NUMBER, priority: 1, app_name: "Stasis", app_data: "callflow-bench" },
    language: "en",
    channelvars: {},
  };
}

function settleTurn() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs one call of the benchmark flow and, when `spans` is given, adds each step's span in ms. */
async function runCall(connection, transport, id, spans) {
  let started = performance.now();

  connection.onEvent({ type: "StasisStart", channel: channelJson(id), args: [] });
  let request = await transport.next();

  spans?.stasisStart.push(transport.requestedAt - started);
  started = performance.now();
  request.resolve(undefined);
  request = await transport.next();
  spans?.answerResponse.push(transport.requestedAt - started);
  const welcome = request.params.playbackId;

  request.resolve({ id: welcome, state: "queued" });
  await settleTurn();
  started = performance.now();
  connection.onEvent({ type: "PlaybackFinished", playback: { id: welcome, state: "done", target_uri: `channel:${id}` } });
  request = await transport.next();
  spans?.playbackFinished.push(transport.requestedAt - started);
  const menu = request.params.playbackId;

  request.resolve({ id: menu, state: "queued" });
  await settleTurn();
  connection.onEvent({ type: "PlaybackFinished", playback: { id: menu, state: "done", target_uri: `channel:${id}` } });
  await settleTurn();
  started = performance.now();
  connection.onEvent({ type: "ChannelDtmfReceived", channel: channelJson(id), digit: "1", duration_ms: 100 });
  request = await transport.next();
  spans?.dtmf.push(transport.requestedAt - started);
  request.resolve(undefined);
  connection.onEvent({ type: "StasisEnd", channel: channelJson(id) });
  await settleTurn();
}

function summarizeUs(values) {
  const summary = summarize(values.map((ms) => ms * 1000));

  return { median: round(summary.median), p99: round(summary.p99) };
}

/**
 * Measures each step's own work over `calls` calls after `warmupCalls`, back to back and then
 * with `gapMs` of idleness between calls. Returns medians and p99s in µs per step.
 */
export async function measureOwnWork({ folder, calls, warmupCalls, gapMs }) {
  const logger = new CountingLogger();
  const registry = createNodeRegistry();
  const service = new CallService({ directory: FileDirectory.load(path.join(folder, "directory.yaml")), flows: new FileFlowSource(folder, registry), logger });
  const transport = new RecordingTransport();
  const connection = new AriConnection({
    server: { name: "in-process", url: "http://127.0.0.1:1", username: "bench", password: "unused", app: "callflow-bench" },
    logger,
    transport: () => transport,
    onCall: (channel) => void service.handle(channel),
  });
  let callNumber = 0;
  const runSeries = async (gap) => {
    const spans = { stasisStart: [], answerResponse: [], playbackFinished: [], dtmf: [] };

    for (let i = 0; i < calls; i++) {
      await runCall(connection, transport, `own-${++callNumber}`, spans);
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
    return Object.fromEntries(Object.entries(spans).map(([step, values]) => [step, summarizeUs(values)]));
  };

  for (let i = 0; i < warmupCalls; i++) await runCall(connection, transport, `own-${++callNumber}`, undefined);
  const backToBack = await runSeries(0);
  const spaced = await runSeries(gapMs);
  const machine = await measureIdleWake(calls, gapMs);

  return { calls, warmupCalls, gapMs, backToBack, spaced, machine, activeCallsAfter: service.activeCalls, warningsAndErrors: logger.shared.counts };
}

// A fixed piece of work with none of the runtime's code: 100 lookups in a Map of 1,000 objects.
const LOOKUP_TABLE = new Map(Array.from({ length: 1000 }, (_, i) => [`key-${i}`, { value: i }]));

function fixedWork() {
  let sum = 0;

  for (let i = 0; i < 100; i++) sum += LOOKUP_TABLE.get(`key-${(i * 7) % 1000}`).value;
  return sum;
}

/**
 * Times the fixed work back to back and after the same idle gap as the calls, so the report can
 * show how much slower this machine runs any code right after it was idle.
 */
async function measureIdleWake(runs, gapMs) {
  const series = async (gap) => {
    const spans = [];

    for (let i = 0; i < runs; i++) {
      await new Promise((resolve) => (gap > 0 ? setTimeout(resolve, gap) : setImmediate(resolve)));
      const started = performance.now();

      fixedWork();
      spans.push(performance.now() - started);
    }
    return summarizeUs(spans);
  };

  for (let i = 0; i < 10_000; i++) fixedWork();
  return { backToBack: await series(0), spaced: await series(gapMs) };
}
