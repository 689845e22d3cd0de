// Part 3: new calls at a constant rate until thousands are up at once, with event-loop lag and
// both processes' CPU use measured.
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";

import { round } from "../lib/stats.mjs";
import { CpuProfiler } from "./cpu-profile.mjs";
import { BENCH_NUMBER, MENU_KEY, SOUNDS } from "./fixture.mjs";
import { machineCoresBetween, readMachineCpu } from "./machine-cpu.mjs";
import { startRuntime } from "./runtime-under-test.mjs";
import { startServerProcess } from "./server-child.mjs";

const USER = { username: "bench", password: "bench-secret" };
const APP = "callflow-load";
// The histogram records whole intervals of its timer, resolution included, so the lag is what
// exceeds the resolution.
const LOOP_RESOLUTION_MS = 10;
// A call still up this long after its key was due is counted as stuck and hung up by the server.
const STUCK_MARGIN_MS = 10_000;

const GC_KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge", [constants.NODE_PERFORMANCE_GC_MAJOR]: "markCompact", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakCallbacks" };

/** Collects this process's garbage-collection pauses while `recording` is true. */
class GcPauses {
  constructor() {
    this.recording = false;
    this.byKind = {};
    this.observer = new PerformanceObserver((list) => {
      if (!this.recording) return;
      for (const entry of list.getEntries()) {
        const kind = GC_KINDS[entry.detail?.kind] ?? "other";
        const stats = (this.byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0, atLeast10Ms: 0 });

        stats.count++;
        stats.totalMs += entry.duration;
        stats.maxMs = Math.max(stats.maxMs, entry.duration);
        if (entry.duration >= 10) stats.atLeast10Ms++;
      }
    });
    this.observer.observe({ entryTypes: ["gc"] });
  }

  summary() {
    this.observer.disconnect();
    return Object.fromEntries(Object.entries(this.byKind).map(([kind, stats]) => [kind, { ...stats, totalMs: round(stats.totalMs), maxMs: round(stats.maxMs) }]));
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function summarizeLag(histogram) {
  const beyond = (ns) => round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));

  return { p50: beyond(histogram.percentile(50)), p99: beyond(histogram.percentile(99)), max: beyond(histogram.max), samples: histogram.count };
}

// Returns the heap in use after a full collection, or undefined unless node runs with --expose-gc.
function measureHeapAfterCollection() {
  if (typeof globalThis.gc !== "function") return undefined;
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

function sumCpuMicroseconds(usage) {
  return usage.user + usage.system;
}

/** Converts a process's CPU time between two readings to cores in use (1 is one core fully busy). */
function computeCoresUsed(cpuBeforeUs, cpuAfterUs, wallMs) {
  return round((cpuAfterUs - cpuBeforeUs) / 1000 / wallMs);
}

/** Reads both processes' CPU time, the machine's and the call counts at one moment. */
async function takeSnapshot(server, runtime) {
  const serverUsage = await server.send("usage");

  return {
    atMs: performance.now(),
    runtimeCpuUs: sumCpuMicroseconds(process.cpuUsage()),
    serverCpuUs: sumCpuMicroseconds(serverUsage.cpu),
    machine: readMachineCpu(),
    rssBytes: process.memoryUsage().rss,
    activeCalls: runtime.service.activeCalls,
    callsOffered: runtime.callsOffered,
  };
}

function compareSnapshots(from, to) {
  const wallMs = to.atMs - from.atMs;
  const runtimeCores = computeCoresUsed(from.runtimeCpuUs, to.runtimeCpuUs, wallMs);
  const serverCores = computeCoresUsed(from.serverCpuUs, to.serverCpuUs, wallMs);
  const machine = machineCoresBetween(from.machine, to.machine);
  const newCalls = to.callsOffered - from.callsOffered;

  return {
    seconds: round(wallMs / 1000),
    newCallsPerSecond: round((newCalls * 1000) / wallMs),
    runtimeCores,
    serverCores,
    runtimeCpuUsPerNewCall: newCalls > 0 ? round((to.runtimeCpuUs - from.runtimeCpuUs) / newCalls) : undefined,
    serverCpuUsPerNewCall: newCalls > 0 ? round((to.serverCpuUs - from.serverCpuUs) / newCalls) : undefined,
    machineBusyCores: machine.busyCores,
    otherProcessesCores: round(Math.max(0, machine.busyCores - runtimeCores - serverCores)),
    stealCores: machine.stealCores,
  };
}

/**
 * Offers `ratePerSecond` new calls for `offerSeconds` to the runtime on the `client` ARI
 * library. Each caller keys the menu `keyAtMs` after
 * entering Stasis and the flow then hangs up, so about ratePerSecond × keyAtMs / 1000 calls are
 * up at once from then until the offer ends. That plateau window starts one second after the
 * first key and ends with the offer. With `profile`, both processes are profiled over it.
 */
export async function measureThroughput({ folder, client, ratePerSecond, offerSeconds, keyAtMs, profile = false }) {
  const server = await startServerProcess({ users: [USER], sounds: SOUNDS });
  const runtime = await startRuntime({ url: server.url, ...USER, app: APP, folder, client });
  const wholeLag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const plateauLag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const secondLag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const profiler = new CpuProfiler();
  const gcPauses = new GcPauses();
  const count = Math.round(ratePerSecond * offerSeconds);
  const perSecond = [];
  let maxConcurrent = 0;
  let samplerTimer;

  try {
    const heapBefore = measureHeapAfterCollection();
    const started = await takeSnapshot(server, runtime);

    await server.send("resetLag");
    wholeLag.enable();
    secondLag.enable();
    await server.send("startCalls", { app: APP, extension: BENCH_NUMBER, count, ratePerSecond, keyAtMs, digit: MENU_KEY, stuckAfterMs: keyAtMs + STUCK_MARGIN_MS });
    let lastSecond = { offered: 0, at: performance.now() };

    samplerTimer = setInterval(() => {
      maxConcurrent = Math.max(maxConcurrent, runtime.service.activeCalls);
      const now = performance.now();

      if (now - lastSecond.at >= 1000) {
        perSecond.push({ newCalls: runtime.callsOffered - lastSecond.offered, active: runtime.service.activeCalls, maxLagMs: summarizeLag(secondLag).max });
        secondLag.reset();
        lastSecond = { offered: runtime.callsOffered, at: now };
      }
    }, 100);

    await sleep(keyAtMs + 1000);
    const plateauStart = await takeSnapshot(server, runtime);

    await server.send("resetLag");
    plateauLag.enable();
    gcPauses.recording = true;
    if (profile) await Promise.all([profiler.start(), server.send("profileStart")]);
    await sleep(Math.max(0, started.atMs + offerSeconds * 1000 - performance.now()));
    plateauLag.disable();
    gcPauses.recording = false;
    const profiles = profile ? { runtime: await profiler.stop(), server: await server.send("profileStop") } : undefined;
    const plateauEnd = await takeSnapshot(server, runtime);
    const serverPlateau = await server.send("usage");
    const drainDeadline = performance.now() + keyAtMs + STUCK_MARGIN_MS + 5_000;

    while (performance.now() < drainDeadline && (runtime.callsOffered < count || runtime.service.activeCalls > 0)) await sleep(200);
    wholeLag.disable();
    const heapAfter = measureHeapAfterCollection();
    const finished = await takeSnapshot(server, runtime);
    const serverEnd = await server.send("usage");
    const statuses = await server.send("requestStatuses");
    const failedRequests = Object.entries(statuses).filter(([key]) => !/ [23]\d\d$/.test(key) && !key.includes(" 401"));

    return {
      client,
      load: { ratePerSecond, offerSeconds, keyAtMs, callsOffered: count, expectedConcurrent: Math.round((ratePerSecond * keyAtMs) / 1000) },
      callsReachedRuntime: runtime.callsOffered,
      maxConcurrentCalls: maxConcurrent,
      plateau: { ...compareSnapshots(plateauStart, plateauEnd), activeAtStart: plateauStart.activeCalls, activeAtEnd: plateauEnd.activeCalls },
      offerWindow: compareSnapshots(started, plateauEnd),
      wholeRun: compareSnapshots(started, finished),
      runtimeLoopLagMs: { plateau: summarizeLag(plateauLag), wholeRun: summarizeLag(wholeLag) },
      runtimeGcPausesOnPlateau: gcPauses.summary(),
      serverLoopLagMs: { plateau: serverPlateau.loopLagMs, sincePlateauStart: serverEnd.loopLagMs },
      rssMiBAtPlateauEnd: { runtime: round(plateauEnd.rssBytes / 2 ** 20), server: round(serverPlateau.rssBytes / 2 ** 20) },
      heapMiBAfterCollection: heapBefore === undefined ? undefined : { beforeCalls: round(heapBefore / 2 ** 20), afterAllCallsEnded: round(heapAfter / 2 ** 20) },
      outcomes: { ...runtime.outcomes },
      stuckCallsHungUpByServer: serverEnd.calls.stuck,
      stillActiveAtEnd: runtime.service.activeCalls,
      failedRequests: Object.fromEntries(failedRequests),
      runtimeWarningsAndErrors: runtime.logger.shared.counts,
      firstWarningsAndErrors: runtime.logger.shared.first,
      perSecond,
      profiles,
    };
  } finally {
    clearInterval(samplerTimer);
    gcPauses.observer.disconnect();
    wholeLag.disable();
    secondLag.disable();
    plateauLag.disable();
    runtime.stop();
    await server.close();
  }
}
