// Benchmark 1: interpreter cost per node step on the 20-node logic chain, one session per
// message on a simulated channel, with the trace on and off.
import { performance } from "node:perf_hooks";

import { createNodeRegistry } from "@callflow/nodes";
import { compileExpression, compileFlow, CountingTraceSink, SimulatedChannel, VirtualClock } from "@callflow/sdk";
import { z } from "zod";

import { Session } from "../dist/session/session.js";
import { CHAIN_END_TYPE, chainDocument, chainEndNode, chainExpressions } from "./fixtures.mjs";
import { loadAverage } from "./lib/machine.mjs";
import { round, summarize } from "./lib/stats.mjs";

const WARMUP_MESSAGES = 3_000;
const MEASURED_MESSAGES = 20_000;
const THROUGHPUT_MESSAGES = 10_000;
const THROUGHPUT_ROUNDS = 3;
const CONCURRENT_WINDOW = 100;

function compileChain(document) {
  const registry = createNodeRegistry();

  registry.register(chainEndNode(z));
  const result = compileFlow(document, { registry });

  if (!result.ok) throw new Error(`benchmark chain does not compile: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

// A document whose only node is the terminal one: a session that takes one step, so its cost
// is the session's own setup and teardown.
function sessionOnlyDocument() {
  return { ...chainDocument(), entry: "end", nodes: [{ id: "end", type: CHAIN_END_TYPE, config: {} }], edges: [] };
}

/**
 * Wraps every compiled expression of the plan's nodes in one that adds its evaluation time to
 * `meter.ms` (performance.now). A closure-mode expression keeps `evaluateSync`, timed around
 * the call; `evaluate` is timed from the call to its promise settling.
 */
function instrumentExpressions(plan, meter) {
  const wrap = (expression) => {
    const timed = {
      mode: expression.mode,
      source: expression.source,
      reads: expression.reads,
      fallbackReason: expression.fallbackReason,
      evaluate(variables, environment) {
        const started = performance.now();

        return expression.evaluate(variables, environment).then((value) => {
          meter.ms += performance.now() - started;
          meter.asyncCount++;
          return value;
        });
      },
    };

    if (typeof expression.evaluateSync === "function") {
      timed.evaluateSync = (variables, environment) => {
        const started = performance.now();

        try {
          return expression.evaluateSync(variables, environment);
        } finally {
          meter.ms += performance.now() - started;
          meter.syncCount++;
        }
      };
    }
    return timed;
  };

  for (const node of plan.nodes.values()) {
    const prepared = node.prepared;

    for (const assignment of prepared.assignments ?? []) assignment.value = wrap(assignment.value);
    for (const condition of prepared.conditions ?? []) condition.when = wrap(condition.when);
  }
}

/**
 * A logger that counts node failures. A failed node makes the session play its apology prompt,
 * which waits on the virtual clock, so the logger also runs that clock out to let the session
 * end; the failure then shows in the result instead of a hang.
 */
function failureLogger(clock, failures) {
  const logger = {
    debug() {},
    info() {},
    warn() {},
    error(fields, message) {
      failures.count++;
      failures.last = { message, code: fields.err?.code, detail: fields.err?.message };
      setImmediate(() => clock.runUntilIdle());
    },
    child: () => logger,
  };

  return logger;
}

function runMessage(plan, clock, index, sink, logger) {
  const channel = new SimulatedChannel({ clock, callId: `m${index}`, caller: String(index % 1000) });

  return new Session({ plan, channel, clock, sink, logger, seed: index }).run();
}

/**
 * Runs messages one at a time and records, per message, the wall time of `Session.run` and the
 * part of it spent in expression evaluation (zero unless the plan is instrumented).
 */
async function timeMessages(plan, { traced, messages, meter }) {
  const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
  const sink = traced ? new CountingTraceSink() : undefined;
  const totalUs = new Float64Array(messages);
  const expressionUs = new Float64Array(messages);
  const failures = { count: 0, last: undefined };
  const logger = failureLogger(clock, failures);
  let steps = 0;

  for (let i = 0; i < WARMUP_MESSAGES; i++) await runMessage(plan, clock, i, sink, logger);
  globalThis.gc?.();
  const started = performance.now();

  for (let i = 0; i < messages; i++) {
    const expressionBefore = meter.ms;
    const before = performance.now();
    const result = await runMessage(plan, clock, i, sink, logger);

    totalUs[i] = (performance.now() - before) * 1000;
    expressionUs[i] = (meter.ms - expressionBefore) * 1000;
    if (result.reason === "completed") steps = result.steps;
  }
  const elapsedMs = performance.now() - started;

  return { totalUs, expressionUs, steps, messagesPerSecond: messages / (elapsedMs / 1000), events: sink?.count ?? 0, failures };
}

// Runs `messages` sessions with `window` of them in flight; returns messages per second.
async function throughput(plan, { traced, messages, window }) {
  const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
  const sink = traced ? new CountingTraceSink() : undefined;
  const failures = { count: 0, last: undefined };
  const logger = failureLogger(clock, failures);
  let next = 0;
  const worker = async () => {
    while (next < messages) await runMessage(plan, clock, next++, sink, logger);
  };

  globalThis.gc?.();
  const started = performance.now();

  await Promise.all(Array.from({ length: window }, worker));
  return { messagesPerSecond: messages / ((performance.now() - started) / 1000), failures };
}

// The same expressions evaluated alone, in chain order, on the inputs a session gives them:
// through the promise of `evaluate`, and through `evaluateSync` where the mode has it.
async function expressionsAlone(messages, synchronous) {
  const steps = chainExpressions().map((step) => ({ ...step, compiled: compileExpression(step.expression) }));
  const environment = { now: () => 0 };
  const perMessageUs = new Float64Array(messages);
  const evaluate = (compiled, variables) =>
    synchronous && compiled.mode === "closure" ? compiled.evaluateSync(variables, environment) : compiled.evaluate(variables, environment);
  let failures = 0;

  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < messages; i++) {
      const variables = Object.create(null);

      variables.callId = `m${i}`;
      variables.caller = String(i % 1000);
      variables.called = "1800";
      variables.language = "en";
      const before = performance.now();

      try {
        for (const step of steps) {
          const value = synchronous ? evaluate(step.compiled, variables) : await evaluate(step.compiled, variables);

          if (step.kind === "set") variables[step.variable] = value;
        }
      } catch {
        // Only the engine's timeout can fail here (a stall of the process); it is counted.
        failures++;
      }
      perMessageUs[i] = (performance.now() - before) * 1000;
    }
  }
  return { perMessageUs, evaluations: steps.length, failures, modes: [...new Set(steps.map((step) => step.compiled.mode))] };
}

// Cost the timing wrapper adds to one evaluation: the wrapper around a trivial expression,
// against that expression alone, through `evaluate` and through `evaluateSync`.
async function wrapperOverheadNs() {
  const bare = { mode: "closure", source: "1", reads: [], evaluate: () => Promise.resolve(1), evaluateSync: () => 1 };
  const meter = { ms: 0, asyncCount: 0, syncCount: 0 };
  const node = { prepared: { assignments: [{ value: bare }] } };

  instrumentExpressions({ nodes: new Map([["n", node]]) }, meter);
  const wrapped = node.prepared.assignments[0].value;
  const calls = 200_000;
  const timeAsync = async (expression) => {
    const started = performance.now();

    for (let i = 0; i < calls; i++) await expression.evaluate(null, null);
    return ((performance.now() - started) * 1e6) / calls;
  };
  const timeSync = (expression) => {
    const started = performance.now();
    let sum = 0;

    for (let i = 0; i < calls; i++) sum += expression.evaluateSync(null, null);
    if (sum !== calls) throw new Error("wrapper changed a result");
    return ((performance.now() - started) * 1e6) / calls;
  };
  let asyncNs = Infinity;
  let syncNs = Infinity;

  for (let round = 0; round < 3; round++) {
    asyncNs = Math.min(asyncNs, (await timeAsync(wrapped)) - (await timeAsync(bare)));
    syncNs = Math.min(syncNs, timeSync(wrapped) - timeSync(bare));
  }
  return { evaluate: round(asyncNs), evaluateSync: round(syncNs) };
}

function perStep(result) {
  const outside = result.totalUs.map((total, i) => (total - result.expressionUs[i]) / result.steps);

  return {
    totalUs: summarize(result.totalUs.map((total) => total / result.steps)),
    outsideExpressionsUs: summarize(outside),
    expressionPerMessageUs: summarize(result.expressionUs),
  };
}

function rounded(summary) {
  return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, key === "count" ? value : round(value)]));
}

/** Runs benchmark 1 and returns its figures. */
export async function run() {
  const loadBefore = loadAverage();
  const chain = compileChain(chainDocument());
  const instrumented = compileChain(chainDocument());
  const sessionOnly = compileChain(sessionOnlyDocument());
  const meter = { ms: 0, asyncCount: 0, syncCount: 0 };
  const noMeter = { ms: 0, asyncCount: 0, syncCount: 0 };
  const modes = {};

  instrumentExpressions(instrumented, meter);
  for (const traced of [true, false]) {
    const syncBefore = meter.syncCount;
    const asyncBefore = meter.asyncCount;
    const timed = await timeMessages(instrumented, { traced, messages: MEASURED_MESSAGES, meter });
    const evaluationPaths = { evaluateSync: meter.syncCount - syncBefore, evaluate: meter.asyncCount - asyncBefore };
    const plain = await timeMessages(chain, { traced, messages: MEASURED_MESSAGES, meter: noMeter });
    const session = await timeMessages(sessionOnly, { traced, messages: MEASURED_MESSAGES, meter: noMeter });
    const split = perStep(timed);
    const sessionUs = summarize(session.totalUs);
    const plainUs = summarize(plain.totalUs);
    const rounds = [];

    for (let i = 0; i < THROUGHPUT_ROUNDS; i++) {
      rounds.push(await throughput(chain, { traced, messages: THROUGHPUT_MESSAGES, window: CONCURRENT_WINDOW }));
    }
    const evaluations = timed.steps - 1;
    const failures = [timed, plain, session, ...rounds].map((r) => r.failures);
    // Marginal cost of a step: the message's time outside expressions, less a one-step
    // session's time (setup, teardown and its one step), over the other steps.
    const marginal = (split.outsideExpressionsUs.median * timed.steps - sessionUs.median) / (timed.steps - 1);

    modes[traced ? "traceOn" : "traceOff"] = {
      stepsPerMessage: timed.steps,
      traceEventsPerMessage: traced ? timed.events / (WARMUP_MESSAGES + MEASURED_MESSAGES) : 0,
      instrumented: {
        perStepUs: rounded(split.totalUs),
        perStepOutsideExpressionsUs: rounded(split.outsideExpressionsUs),
        expressionPerMessageUs: rounded(split.expressionPerMessageUs),
        expressionPerEvaluationMedianUs: round(split.expressionPerMessageUs.median / evaluations),
        evaluationsBy: evaluationPaths,
        messagesPerSecond: round(timed.messagesPerSecond),
      },
      uninstrumented: {
        perMessageUs: rounded(plainUs),
        perStepUs: rounded(summarize(plain.totalUs.map((total) => total / plain.steps))),
        messagesPerSecond: round(plain.messagesPerSecond),
      },
      oneStepSessionUs: rounded(sessionUs),
      marginalStepOutsideExpressionsUs: round(marginal),
      concurrent: {
        window: CONCURRENT_WINDOW,
        messages: THROUGHPUT_MESSAGES,
        rounds: rounds.map((r) => round(r.messagesPerSecond)),
        messagesPerSecond: round(summarize(rounds.map((r) => r.messagesPerSecond)).median),
      },
      failedMessages: failures.reduce((sum, f) => sum + f.count, 0),
      lastFailure: failures.findLast((f) => f.last !== undefined)?.last,
    };
  }
  const alone = {};

  for (const synchronous of [false, true]) {
    const result = await expressionsAlone(MEASURED_MESSAGES, synchronous);
    const summary = summarize(result.perMessageUs);

    alone[synchronous ? "evaluateSync" : "evaluate"] = {
      perMessageUs: rounded(summary),
      perEvaluationMedianUs: round(summary.median / result.evaluations),
      failedMessages: result.failures,
    };
    alone.modes = result.modes;
  }

  return {
    fixture: "20-node chain: 10 logic.set (one expression each) alternating with 10 logic.switch (one condition each, true and false in turn), ending in a terminal bench.end node (21 steps a message)",
    expressions: chainExpressions(),
    load: `${MEASURED_MESSAGES} messages one at a time after ${WARMUP_MESSAGES} warm-up messages, one Session per message on a SimulatedChannel and a VirtualClock; concurrent throughput ${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_MESSAGES} messages with ${CONCURRENT_WINDOW} in flight`,
    modes,
    expressionsAlone: alone,
    timingWrapperOverheadNs: await wrapperOverheadNs(),
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
