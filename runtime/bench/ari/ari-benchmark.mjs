// The ARI benchmark: the runtime in this process, the ARI test server in a child process, four
// parts (first command and step split on each ARI client library, the runtime's own work on an
// in-process transport, round trips per client, throughput on the default client). About 2.5
// minutes on 2 cores, 3 with the profiled repeat that runs when a throughput target is missed.
import fs from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

import { describeMachine, loadAverage } from "../lib/machine.mjs";
import { round } from "../lib/stats.mjs";
import { probeStalls } from "../lib/stall-probe.mjs";
import { DEFAULT_ARI_CLIENT } from "../../dist/ari/adapter/ari-transport.js";
import { renderAriSection } from "./ari-report.mjs";
import { writeFixtureFolder } from "./fixture.mjs";
import { measureRoundTrips } from "./round-trips.mjs";
import { measureStepsInChild } from "./steps.mjs";
import { measureOwnWork } from "./own-work.mjs";
import { measureThroughput } from "./throughput.mjs";

const require = createRequire(import.meta.url);

export const ARI_BENCHMARK_DEFAULTS = {
  // The first client listed is the one the targets are judged on: the adapter's default.
  steps: { clients: [DEFAULT_ARI_CLIENT, "ari-client"], calls: 1_000, warmupCalls: 200, ratePerSecond: 50, keyAtMs: 2_500 },
  roundTrips: { samples: 1_000, hangupSamples: 300, warmup: 200 },
  // The gap matches part 1's rate: 50 calls a second leave 20 ms between a call's steps and the next's.
  ownWork: { calls: 1_000, warmupCalls: 2_000, gapMs: 20 },
  throughput: { ratePerSecond: 300, offerSeconds: 27, keyAtMs: 17_500 },
  // "on-miss" repeats the throughput part with both processes profiled when a target is
  // missed, "always" profiles the throughput part itself, and "never" profiles nothing.
  profile: "on-miss",
};

export const TARGETS = {
  runtimeStepMedianUs: 50,
  runtimeStepP99Us: 1_000,
  newCallsPerSecond: 300,
  concurrentCalls: 5_000,
  loopLagP99Ms: 10,
};

function makeTarget(name, value, limit, unit, comparison = "max") {
  const met = comparison === "max" ? value <= limit : value >= limit;

  return { name, value, limit, unit, comparison, met };
}

function buildStepTargets(steps) {
  return steps.steps.flatMap((step) => [
    makeTarget(`runtime's own work, ${step.name}, median`, step.isolated.runtime.median, TARGETS.runtimeStepMedianUs, "µs"),
    makeTarget(`runtime's own work, ${step.name}, p99`, step.isolated.runtime.p99, TARGETS.runtimeStepP99Us, "µs"),
  ]);
}

// The rate counts as reached within 1%, because the offer window's edges cut calls in half.
function buildThroughputTargets(throughput) {
  return [
    makeTarget("new calls per second reaching the runtime (offer window)", throughput.offerWindow.newCallsPerSecond, TARGETS.newCallsPerSecond * 0.99, "calls/s", "min"),
    makeTarget("calls up at once (maximum)", throughput.maxConcurrentCalls, TARGETS.concurrentCalls, "calls", "min"),
    makeTarget("runtime event-loop lag p99 at full concurrency", throughput.runtimeLoopLagMs.plateau.p99, TARGETS.loopLagP99Ms, "ms"),
    makeTarget("failed calls, failed requests, warnings and errors", countFailures(throughput), 0, "failures"),
  ];
}

/** Counts calls that did not end by the flow's hang-up, failed requests and logged warnings or errors. */
export function countFailures(throughput) {
  const notCompleted = Object.entries(throughput.outcomes).reduce((sum, [outcome, count]) => sum + (outcome === "completed" ? 0 : count), 0);
  const neverEnded = throughput.load.callsOffered - Object.values(throughput.outcomes).reduce((sum, count) => sum + count, 0);
  const failedRequests = Object.values(throughput.failedRequests).reduce((sum, count) => sum + count, 0);
  const logged = Object.values(throughput.runtimeWarningsAndErrors).reduce((sum, count) => sum + count, 0);

  return notCompleted + neverEnded + failedRequests + logged + throughput.stuckCallsHungUpByServer;
}

/**
 * Runs the ARI benchmark and returns `{ json, markdown }`: the figures, and a Markdown section
 * for BENCHMARKS.md. `options` overrides {@link ARI_BENCHMARK_DEFAULTS} part by part. Run node
 * with --expose-gc for the heap figures. `log` receives one line per part started.
 */
export async function runAriBenchmark(options = {}, log = (line) => process.stderr.write(`${line}\n`)) {
  const settings = {
    steps: { ...ARI_BENCHMARK_DEFAULTS.steps, ...options.steps },
    roundTrips: { ...ARI_BENCHMARK_DEFAULTS.roundTrips, ...options.roundTrips },
    ownWork: { ...ARI_BENCHMARK_DEFAULTS.ownWork, ...options.ownWork },
    throughput: { ...ARI_BENCHMARK_DEFAULTS.throughput, ...options.throughput },
    profile: options.profile ?? ARI_BENCHMARK_DEFAULTS.profile,
  };
  const started = performance.now();
  const loadBefore = loadAverage();
  const stallsBefore = probeStalls(1_000);
  const folder = writeFixtureFolder();
  const consoleLog = console.log;

  // ari-client 2.2.0 prints a Swagger deprecation notice with console.log on every connect. It
  // goes to stderr while the benchmark runs, so that a caller's stdout carries only results.
  console.log = (...args) => console.error(...args);
  try {
    log("ari bench: round trips per client");
    const roundTrips = await measureRoundTrips(settings.roundTrips);

    const stepsByClient = {};

    for (const client of settings.steps.clients) {
      log(`ari bench: first command and step split, ${client} client`);
      stepsByClient[client] = await measureStepsInChild({ folder, ...settings.steps, client });
    }
    const steps = stepsByClient[settings.steps.clients[0]];

    log("ari bench: the runtime's own work on an in-process transport");
    const ownWork = await measureOwnWork({ folder, ...settings.ownWork });

    log(`ari bench: throughput, ${steps.client} client`);
    const throughput = await measureThroughput({ folder, ...settings.throughput, client: steps.client, profile: settings.profile === "always" });
    let profiledRepeat;

    if (settings.profile === "on-miss" && buildThroughputTargets(throughput).some((entry) => !entry.met)) {
      log("ari bench: a throughput target was missed; repeating with both processes profiled");
      profiledRepeat = await measureThroughput({ folder, ...settings.throughput, client: steps.client, offerSeconds: settings.throughput.keyAtMs / 1000 + 5, profile: true });
    }
    const json = {
      machine: describeMachine(),
      ariClientVersion: require("ari-client/package.json").version,
      loadAverage: { before: loadBefore, after: loadAverage() },
      stallProbe: { before: stallsBefore, after: probeStalls(1_000) },
      durationSeconds: round((performance.now() - started) / 1000),
      settings,
      steps,
      stepsByClient,
      ownWork,
      roundTrips,
      throughput,
      profiledRepeat,
    };

    json.targets = [...buildStepTargets(steps), ...buildThroughputTargets(throughput)];
    return { json, markdown: renderAriSection(json) };
  } finally {
    console.log = consoleLog;
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
