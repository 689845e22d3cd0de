// Benchmark 3: 10,000 concurrent simulated calls on the real clock, each keying a digit every
// 2 s through a menu loop (menu -> logic.set -> menu).
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow, realClock, SimulatedChannel } from "@callflow/sdk";

import { Session } from "../dist/session/session.js";
import { menuLoopDocument } from "./fixtures.mjs";
import { loadAverage } from "./lib/machine.mjs";
import { round, summarize } from "./lib/stats.mjs";

const DEFAULTS = {
  calls: 10_000,
  keyIntervalMs: 2_000,
  // Call starts are spread evenly over this time, so keys arrive evenly too.
  rampMs: 2_000,
  // Time after the ramp before measuring: every call has keyed a few times by then.
  settleMs: 4_000,
  measureMs: 30_000,
  promptMs: 1_000,
};

/**
 * A trace sink that measures, for each key, the time from the moment the key was scheduled to
 * the menu node leaving (its `node.left` event), with performance.now(). It keeps no events.
 */
class KeyLatencySink {
  constructor(scheduledAt) {
    this.scheduledAt = scheduledAt;
    this.events = 0;
    this.steps = 0;
    this.nodeErrors = 0;
    this.lastError = undefined;
    this.measuring = false;
    this.measureStarted = 0;
    this.latenciesMs = [];
    this.worstPerSecondMs = [];
  }

  write(event) {
    this.events++;
    if (event.type === "node.error") {
      this.nodeErrors++;
      this.lastError = { nodeId: event.nodeId, code: event.code, message: event.message };
    }
    if (event.type !== "node.left") return;
    this.steps++;
    if (event.nodeId !== "menu") return;
    const index = Number(event.callId.slice(1));
    const scheduled = this.scheduledAt[index];

    this.scheduledAt[index] = 0;
    if (!this.measuring || scheduled === 0) return;
    const now = performance.now();
    const latency = now - scheduled;
    const second = Math.floor((now - this.measureStarted) / 1000);

    this.latenciesMs.push(latency);
    this.worstPerSecondMs[second] = Math.max(this.worstPerSecondMs[second] ?? 0, latency);
  }
}

// The histogram records each whole interval between its timer's runs, resolution included;
// the lag is what exceeds the resolution.
const LOOP_RESOLUTION_MS = 10;

function lag(intervalNs) {
  return round(Math.max(0, intervalNs / 1e6 - LOOP_RESOLUTION_MS));
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs benchmark 3 and returns its figures. */
export async function run(overrides = {}) {
  const options = { ...DEFAULTS, ...overrides };
  const loadBefore = loadAverage();
  const compiled = compileFlow(menuLoopDocument(), { registry: createNodeRegistry() });

  if (!compiled.ok) throw new Error(`menu loop does not compile: ${JSON.stringify(compiled.problems)}`);
  const plan = compiled.plan;
  const scheduledAt = new Float64Array(options.calls);
  const sink = new KeyLatencySink(scheduledAt);
  const channels = new Array(options.calls);
  const sessions = new Array(options.calls);
  const keyTimers = new Array(options.calls);
  let keysPressed = 0;
  let stopping = false;

  globalThis.gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  const start = performance.now() + 50;

  // Presses key number `k` of call `index` at its scheduled time and schedules the next one.
  const scheduleKey = (index, k) => {
    const at = start + (options.rampMs * index) / options.calls + k * options.keyIntervalMs;

    keyTimers[index] = setTimeout(() => {
      if (stopping) return;
      // A timer may fire up to 1 ms early, because Node counts timer delays from the event
      // loop's whole-millisecond time; the key's time is then when it was pressed, so no
      // latency comes out negative. A late timer's lateness counts in the latency.
      scheduledAt[index] = Math.min(at, performance.now());
      keysPressed++;
      channels[index].pressKey(k % 2 === 0 ? "2" : "1");
      scheduleKey(index, k + 1);
    }, at - performance.now());
  };

  for (let index = 0; index < options.calls; index++) {
    setTimeout(() => {
      const channel = new SimulatedChannel({
        clock: realClock,
        callId: `c${index}`,
        caller: String(100_000 + index),
        promptDurationMs: () => options.promptMs,
      });

      channels[index] = channel;
      sessions[index] = new Session({ plan, channel, clock: realClock, sink, seed: index }).run();
      scheduleKey(index, 1);
    }, start - performance.now() + (options.rampMs * index) / options.calls);
  }
  await sleep(start - performance.now() + options.rampMs + options.settleMs);

  // Memory early in the calls, when each has played few prompts: SimulatedChannel keeps a
  // record of every prompt it played, which grows through the window. The collection pause
  // is followed by a quiet second before measuring starts.
  globalThis.gc();
  const earlyHeap = process.memoryUsage().heapUsed;

  await sleep(1_000);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const stepsBefore = sink.steps;
  const keysBefore = keysPressed;
  const measureStarted = performance.now();

  sink.measuring = true;
  sink.measureStarted = measureStarted;
  loop.enable();
  await sleep(options.measureMs);
  sink.measuring = false;
  loop.disable();
  const measuredSeconds = (performance.now() - measureStarted) / 1000;
  const steps = sink.steps - stepsBefore;
  const keys = keysPressed - keysBefore;

  // Memory with every call live, after a full collection; the pause is outside the window.
  globalThis.gc();
  const liveHeap = process.memoryUsage().heapUsed;
  const rss = process.memoryUsage().rss;

  stopping = true;
  keyTimers.forEach((timer) => clearTimeout(timer));
  channels.forEach((channel) => channel.hangupFromCaller());
  const results = await Promise.all(sessions);
  const reasons = {};

  for (const result of results) reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
  const latency = summarize(sink.latenciesMs);

  return {
    fixture: "menu loop: ivr.menu (options 1 and 2, a prompt that plays for 1 s, 10 s first-key timeout) -> logic.set (choices + 1) -> back to the menu",
    load: `${options.calls} calls on SimulatedChannel and the real clock (realClock), starts spread evenly over ${options.rampMs / 1000} s, each keying 1 or 2 every ${options.keyIntervalMs / 1000} s; measured for ${options.measureMs / 1000} s starting ${options.settleMs / 1000} s after the last call started`,
    offered: { keysPerSecond: options.calls / (options.keyIntervalMs / 1000), stepsPerSecond: (2 * options.calls) / (options.keyIntervalMs / 1000) },
    achieved: { keysPerSecond: round(keys / measuredSeconds), stepsPerSecond: round(steps / measuredSeconds) },
    keyLatencyMs: Object.fromEntries(Object.entries(latency).map(([key, value]) => [key, key === "count" ? value : round(value)])),
    eventLoopLagMs: {
      resolutionMs: LOOP_RESOLUTION_MS,
      median: lag(loop.percentile(50)),
      p99: lag(loop.percentile(99)),
      max: lag(loop.max),
    },
    memory: {
      baselineHeapMiB: round(baselineHeap / 2 ** 20),
      afterSettle: {
        secondsIntoCall: round((options.rampMs / 2 + options.settleMs) / 1000),
        heapMiB: round(earlyHeap / 2 ** 20),
        perCallBytes: Math.round((earlyHeap - baselineHeap) / options.calls),
      },
      atEnd: {
        secondsIntoCall: round((options.rampMs / 2 + options.settleMs + 1_000 + options.measureMs) / 1000),
        heapMiB: round(liveHeap / 2 ** 20),
        perCallBytes: Math.round((liveHeap - baselineHeap) / options.calls),
      },
      rssMiB: round(rss / 2 ** 20),
    },
    worstKeyLatencyPerSecondMs: Array.from(sink.worstPerSecondMs, (value) => round(value ?? 0)),
    nodeErrors: sink.nodeErrors,
    lastNodeError: sink.lastError,
    endReasons: reasons,
    traceEvents: sink.events,
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
