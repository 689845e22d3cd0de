// Part 1 and the in-flow half of part 2: 1,000 calls through the runtime at a light rate, with
// every ARI step of every call timestamped by StepProbe.
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { round, summarize } from "../lib/stats.mjs";
import { BENCH_NUMBER, MENU_KEY, SOUNDS } from "./fixture.mjs";
import { startRuntime } from "./runtime-under-test.mjs";
import { startServerProcess } from "./server-child.mjs";
import { StepProbe } from "./step-probe.mjs";

const USER = { username: "bench", password: "bench-secret" };
const APP = "callflow-bench";

/**
 * The steps of the benchmark flow, each an ARI command and what triggers it. `operation` is the
 * index of the command among the call's commands.
 */
const STEPS = [
  { name: "StasisStart → answer", trigger: "event", event: "StasisStart", operation: 0 },
  { name: "answer response → play welcome", trigger: "response", operation: 1 },
  { name: "PlaybackFinished → play menu prompt", trigger: "event", event: "PlaybackFinished", operation: 2 },
  { name: "ChannelDtmfReceived → hangup", trigger: "event", event: "ChannelDtmfReceived", operation: 3 },
];

function summarizeMicroseconds(values) {
  const summary = summarize(values.map((ms) => ms * 1000));

  return { count: summary.count, median: round(summary.median), p99: round(summary.p99), max: round(summary.max) };
}

/** Splits one step of one call into its parts in ms, or returns undefined when a mark is missing. */
function splitStep(step, operations) {
  const operation = operations[step.operation];

  if (!operation || operation.requestAt === 0) return undefined;
  const requestSide = operation.requestAt - operation.calledAt;

  if (step.trigger === "event") {
    const event = operation.lastEvent;

    if (!event || event.type !== step.event || event.doneAt === 0) return undefined;
    // The runtime works twice: in its '*' listener, and in the promise continuations that run
    // after ari-client's message handler has returned.
    return {
      ariClientIn: event.handledAt - event.messageAt + (event.doneAt - event.listenedAt),
      runtime: event.listenedAt - event.handledAt + (operation.calledAt - event.doneAt),
      ariClientOut: requestSide,
      total: operation.requestAt - event.messageAt,
      isolated: operation.inputsAtCall === event.inputs,
    };
  }
  const previous = operations[step.operation - 1];

  if (!previous?.ok || previous.responseAt === 0) return undefined;
  return {
    ariClientIn: previous.settledAt - previous.responseAt,
    runtime: operation.calledAt - previous.settledAt,
    ariClientOut: requestSide,
    total: operation.requestAt - previous.responseAt,
    isolated: operation.inputsAtCall === previous.inputsAtSettle,
  };
}

/**
 * Summarises the probe's records: each step's split, and each command's round trip. The first
 * `warmupCalls` calls to enter Stasis are left out, so the figures are of optimised code.
 */
export function analyzeSteps(calls, warmupCalls) {
  const complete = [...calls.values()].slice(warmupCalls).filter((call) => call.operations.length === 4 && call.operations.every((operation) => operation.ok));
  const steps = STEPS.map((step) => {
    const splits = complete.map((call) => splitStep(step, call.operations)).filter(Boolean);
    const isolated = splits.filter((split) => split.isolated);
    const parts = (list) => ({
      total: summarizeMicroseconds(list.map((split) => split.total)),
      ariClientIn: summarizeMicroseconds(list.map((split) => split.ariClientIn)),
      runtime: summarizeMicroseconds(list.map((split) => split.runtime)),
      ariClientOut: summarizeMicroseconds(list.map((split) => split.ariClientOut)),
    });

    return { name: step.name, trigger: step.trigger, samples: splits.length, isolatedSamples: isolated.length, all: parts(splits), isolated: parts(isolated) };
  });
  const commands = {};

  for (const name of ["answer", "play", "hangup"]) {
    const records = complete.flatMap((call) => call.operations.filter((operation) => operation.operation === name && operation.responseAt > 0));

    commands[name] = {
      ariClientRequest: summarizeMicroseconds(records.map((record) => record.requestAt - record.calledAt)),
      roundTrip: summarizeMicroseconds(records.map((record) => record.responseAt - record.requestAt)),
      ariClientResponse: summarizeMicroseconds(records.map((record) => record.settledAt - record.responseAt)),
      wholeCall: summarizeMicroseconds(records.map((record) => record.settledAt - record.calledAt)),
    };
  }
  const firstCommand = summarizeMicroseconds(complete.map((call) => call.operations[0].requestAt - call.operations[0].lastEvent.messageAt));

  return { completeCalls: complete.length, firstCommandUs: firstCommand, steps, commands };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `warmupCalls` and then `calls` calls at `ratePerSecond` through the runtime on the
 * `client` ARI library with the probe installed. Each caller presses the menu key `keyAtMs`
 * after entering Stasis.
 */
export async function measureSteps({ folder, client, calls, warmupCalls, ratePerSecond, keyAtMs }) {
  const server = await startServerProcess({ users: [USER], sounds: SOUNDS });
  const runtime = await startRuntime({ url: server.url, ...USER, app: APP, folder, client });
  const probe = new StepProbe(runtime.connection, runtime.transport);

  try {
    probe.install();
    const started = performance.now();

    const offered = warmupCalls + calls;

    await server.send("startCalls", { app: APP, extension: BENCH_NUMBER, count: offered, ratePerSecond, keyAtMs, digit: MENU_KEY, stuckAfterMs: keyAtMs + 10_000 });
    const deadline = started + (1000 * offered) / ratePerSecond + keyAtMs + 10_000;

    await sleep(1000);
    while (performance.now() < deadline && (runtime.callsOffered < offered || runtime.service.activeCalls > 0)) await sleep(100);
    const analysis = analyzeSteps(probe.calls, warmupCalls);
    const statuses = await server.send("requestStatuses");

    return {
      client,
      load: { calls, warmupCalls, ratePerSecond, keyAtMs, seconds: round((performance.now() - started) / 1000) },
      callsOffered: runtime.callsOffered,
      outcomes: { ...runtime.outcomes },
      runtimeWarningsAndErrors: runtime.logger.shared.counts,
      serverRequestStatuses: statuses,
      ...analysis,
    };
  } finally {
    probe.uninstall();
    runtime.stop();
    await server.close();
  }
}

const CHILD = fileURLToPath(new URL("./steps-child.mjs", import.meta.url));

/** Runs {@link measureSteps} in a fresh Node process (steps-child.mjs) and returns its result. */
export function measureStepsInChild(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--no-node-snapshot", "--expose-gc", CHILD, JSON.stringify(options)], { maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the step measurement for the ${options.client} client failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}
