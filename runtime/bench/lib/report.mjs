// Writes runtime/BENCHMARKS.md from one run's results. Figures come from the run; the profile
// notes are fixed text from the investigation described in them.
import fs from "node:fs";

import { round } from "./stats.mjs";

const KIB = 1024;

function verdict(value, target, unit) {
  if (value <= target) return `**met** (${value} ${unit} ≤ ${target} ${unit})`;
  const over = round(value - target);
  const ratio = round(value / target);

  return `**missed** by ${over} ${unit} (${value} ${unit}, ${ratio}× the ${target} ${unit} target)`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;

  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function machineSection(report) {
  const { machine, stallProbe } = report;
  // Benchmarks that record the load as a list of averages at the start show that list.
  const loads = Object.entries(report.results).map(([name, result]) => {
    const load = result.loadAverage;

    if (load?.before !== undefined) return `${name} ${load.before} → ${load.after}`;
    return Array.isArray(load) ? `${name} ${load[0]} at the start` : `${name} not recorded`;
  });

  return `## Machine

- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; ${machine.platform}
- Node ${machine.node}; run on ${machine.date}; the whole run took ${report.durationSeconds} s
- Sources: commit ${machine.sources.commit}${machine.sources.uncommittedSourceChanges > 0 ? `, with ${machine.sources.uncommittedSourceChanges} uncommitted files under sdk/src, nodes/src and runtime/src` : ", no uncommitted changes under sdk/src, nodes/src and runtime/src"}
- 1-minute load average before → after each benchmark (the benchmark itself adds about 1): ${loads.join("; ")}
- Stall probe (a 2 s busy loop that sums gaps of 1 ms or more between clock reads, that is time
  the process was runnable but not running): before the run ${stallProbe.before.lostPercent}% lost,
  longest gap ${stallProbe.before.maxGapMs} ms; after it ${stallProbe.after.lostPercent}% lost, longest gap
  ${stallProbe.after.maxGapMs} ms. Other work shares this machine, so medians are the figures to
  compare; p99 and maximum figures include those stalls.`;
}

function chainSection(chain, targets) {
  const on = chain.modes.traceOn;
  const off = chain.modes.traceOff;
  const outside = on.instrumented.perStepOutsideExpressionsUs.median;
  const by = on.instrumented.evaluationsBy;
  const alone = chain.expressionsAlone;
  const target = { name: "chain: per-step cost outside expressions, trace on (median)", value: outside, target: 0.5, unit: "µs" };
  const rows = [
    ["per step, whole message / steps (instrumented)", on.instrumented.perStepUs.median, on.instrumented.perStepUs.p99, off.instrumented.perStepUs.median, off.instrumented.perStepUs.p99],
    ["per step, outside expression evaluation", on.instrumented.perStepOutsideExpressionsUs.median, on.instrumented.perStepOutsideExpressionsUs.p99, off.instrumented.perStepOutsideExpressionsUs.median, off.instrumented.perStepOutsideExpressionsUs.p99],
    ["expression evaluation, per message (20 evaluations)", on.instrumented.expressionPerMessageUs.median, on.instrumented.expressionPerMessageUs.p99, off.instrumented.expressionPerMessageUs.median, off.instrumented.expressionPerMessageUs.p99],
    ["per step, whole message / steps (not instrumented)", on.uninstrumented.perStepUs.median, on.uninstrumented.perStepUs.p99, off.uninstrumented.perStepUs.median, off.uninstrumented.perStepUs.p99],
    ["one-step session (setup, one step, teardown)", on.oneStepSessionUs.median, on.oneStepSessionUs.p99, off.oneStepSessionUs.median, off.oneStepSessionUs.p99],
  ];

  targets.push(target);
  return `## 1. Interpreter cost per node step

**What:** wall time of \`Session.run\` per message, divided by the steps it took, and the part of
it outside expression evaluation.

**Fixture:** ${chain.fixture}. Expressions, in node order: ${chain.expressions.map((step) => `\`${step.expression}\``).join(", ")}.

**Load:** ${chain.load}. Trace on is a \`CountingTraceSink\` (${on.traceEventsPerMessage} events a message); trace off passes no sink.

**Method:** \`performance.now()\` around each \`await session.run()\`. Expression time is measured
by instrumenting: each compiled expression of the plan is wrapped in an object that adds the
time of each evaluation (\`evaluateSync\` around the call; \`evaluate\` from the call to its promise
settling). In this run the nodes evaluated ${by.evaluate} times through \`evaluate\` and
${by.evaluateSync} times through \`evaluateSync\` (trace on); the expressions' modes are
${alone.modes.join(", ")}. The wrapper itself adds ${chain.timingWrapperOverheadNs.evaluate} ns to an \`evaluate\` and
${chain.timingWrapperOverheadNs.evaluateSync} ns to an \`evaluateSync\` (the wrapper around a trivial expression, against that
expression alone); part of it falls inside the timed interval and part outside, and the
rows "not instrumented" show the whole cost with no wrapper. Cross-check: the same 20 expressions
evaluated alone in chain order, on the same inputs, take ${alone.evaluate.perMessageUs.median} µs a message through
\`evaluate\` and ${alone.evaluateSync.perMessageUs.median} µs through \`evaluateSync\` (medians), against
${on.instrumented.expressionPerMessageUs.median} µs measured inside the sessions. Per-step figures divide by all
${on.stepsPerMessage} steps, so the session's own setup and teardown are spread over them; the
marginal figure takes a one-step session's time off first.

**Figures** (µs):

${table(["", "trace on median", "trace on p99", "trace off median", "trace off p99"], rows)}

- Marginal cost of a step outside expressions (message minus a one-step session, over the other
  ${on.stepsPerMessage - 1} steps): ${on.marginalStepOutsideExpressionsUs} µs trace on, ${off.marginalStepOutsideExpressionsUs} µs trace off.
- Expression evaluation: ${on.instrumented.expressionPerEvaluationMedianUs} µs per evaluation (median), which is
  ${round((100 * on.instrumented.expressionPerMessageUs.median) / (on.instrumented.perStepUs.median * on.stepsPerMessage), 2)}% of a message.
- Messages per second, one at a time: ${on.uninstrumented.messagesPerSecond} trace on, ${off.uninstrumented.messagesPerSecond} trace off;
  with ${on.concurrent.window} in flight: ${on.concurrent.messagesPerSecond} trace on, ${off.concurrent.messagesPerSecond} trace off
  (rounds ${on.concurrent.rounds.join(", ")} and ${off.concurrent.rounds.join(", ")}).
- Messages that failed (counted, not dropped from the figures): ${on.failedMessages} trace on, ${off.failedMessages} trace off, ${alone.evaluate.failedMessages + alone.evaluateSync.failedMessages} in the cross-check.

**Target:** ≤ 0.5 µs median per step outside expression evaluation, trace on: ${verdict(outside, 0.5, "µs")}.
`;
}

function nodeRedSection(nodeRed, chain) {
  const ours = (mode, window) => (window === 1 ? chain.modes[mode].uninstrumented.messagesPerSecond : chain.modes[mode].concurrent.messagesPerSecond);
  const rows = nodeRed.results.map((result) => [
    result.variant,
    result.window,
    result.messagesPerSecond,
    ours("traceOn", result.window),
    round(ours("traceOn", result.window) / result.messagesPerSecond, 2),
    ours("traceOff", result.window),
    round(ours("traceOff", result.window) / result.messagesPerSecond, 2),
  ]);

  return `## 2. The same chain in Node-RED ${nodeRed.version}

**What:** messages per second through the chain, Node-RED against this runtime, in the same
\`npm run bench\` run.

**Fixture:** ${nodeRed.fixture}. Variants: \`jsonata\`: ${nodeRed.variants.jsonata}; \`native\`: ${nodeRed.variants.native}.

**Load:** ${nodeRed.load}. Node-RED is embedded with \`RED.init(undefined, { httpAdminRoot: false, nodesDir })\`,
its flow file written before \`RED.start()\`. It is installed in \`runtime/bench/peer\`, outside the
npm workspaces, by \`npm ci\` on first use.

**Method:** messages per second from the first message fed to the last one reaching the sink,
median of the rounds; ours is the section 1 figure for the same number of messages in flight.
A ratio above 1 means this runtime is faster.

${table(["Node-RED variant", "in flight", "Node-RED msg/s", "ours, trace on", "ratio", "ours, trace off", "ratio"], rows)}

**Target:** none set; the figures are for comparison.
`;
}

function callsSection(calls, targets) {
  const latency = calls.keyLatencyMs;
  const end = calls.memory.atEnd;
  const early = calls.memory.afterSettle;
  const perCallKiB = round(end.perCallBytes / KIB);

  targets.push({ name: "calls: p99 key-to-menu-leave latency", value: latency.p99, target: 5, unit: "ms" });
  targets.push({ name: "calls: heap per live call (end of window)", value: perCallKiB, target: 10, unit: "KiB" });
  return `## 3. 10,000 concurrent calls on the real clock

**What:** step latency and memory with many live calls.

**Fixture:** ${calls.fixture}.

**Load:** ${calls.load}. Offered: ${calls.offered.keysPerSecond} keys/s, so ${calls.offered.stepsPerSecond} node steps/s (each key
ends the menu step and runs the set step); achieved in the window: ${calls.achieved.keysPerSecond} keys/s,
${calls.achieved.stepsPerSecond} steps/s.

**Method:** latency of a key is from the time the benchmark scheduled it (its timer firing
late counts) to the menu's \`node.left\` trace event, taken with \`performance.now()\` in the
sink. Event-loop lag is \`perf_hooks.monitorEventLoopDelay\` (resolution ${calls.eventLoopLagMs.resolutionMs} ms, which is
taken off each interval) over the same window. Memory per call is (heap used after
\`global.gc()\` with every call live − heap used after \`global.gc()\` before the first call) / calls,
taken twice: ${early.secondsIntoCall} s into the average call, and ${end.secondsIntoCall} s in, at the end of the window.
Both include the benchmark's own per-call state (a key timer and a few array slots).

**Figures:**

- Key latency: median ${latency.median} ms, p99 ${latency.p99} ms, maximum ${latency.max} ms over ${latency.count} keys.
  Worst key latency in each second of the window (ms): ${calls.worstKeyLatencyPerSecondMs.join(", ")}.
- Event-loop lag: median ${calls.eventLoopLagMs.median} ms, p99 ${calls.eventLoopLagMs.p99} ms, maximum ${calls.eventLoopLagMs.max} ms.
- Heap per call: ${early.perCallBytes} bytes (${round(early.perCallBytes / KIB)} KiB) at ${early.secondsIntoCall} s,
  ${end.perCallBytes} bytes (${perCallKiB} KiB) at ${end.secondsIntoCall} s; heap ${calls.memory.baselineHeapMiB} MiB before the calls,
  ${end.heapMiB} MiB with them; RSS ${calls.memory.rssMiB} MiB.
- Node errors during the run: ${calls.nodeErrors}${calls.lastNodeError ? ` (last: ${calls.lastNodeError.code} at node ${calls.lastNodeError.nodeId}, "${calls.lastNodeError.message}")` : ""};
  how the calls ended: ${Object.entries(calls.endReasons).map(([reason, count]) => `${count} ${reason}`).join(", ")}.

**Targets:** p99 step latency ≤ 5 ms: ${verdict(latency.p99, 5, "ms")}. Memory per call ≤ 10 KB, read as
10 KiB, at the end of the window: ${verdict(perCallKiB, 10, "KiB")}.
`;
}

function compileSection(compile, targets) {
  const rows = compile.sizes.map((size) => [size.nodes, size.distinctExpressions, size.documentKiB, size.runs, size.medianMs, size.minMs, size.maxMs, size.expressionParseMedianMs]);
  const verdicts = compile.sizes.map((size) => {
    targets.push({ name: `compile: ${size.nodes}-node document (median)`, value: size.medianMs, target: size.targetMs, unit: "ms" });
    return `${size.nodes} nodes ≤ ${size.targetMs} ms: ${verdict(size.medianMs, size.targetMs, "ms")}`;
  });

  return `## 4. Compile time

**What:** \`compileFlow\` on generated documents.

**Fixture:** ${compile.fixture}.

**Method:** ${compile.method}. "Expressions alone" is \`compileExpression\` (JSONata's parse, then
the closure compilation) on another document's expressions, also new to the cache.

${table(["nodes", "distinct expressions", "JSON KiB", "measured runs", "median ms", "min ms", "max ms", "expressions alone, median ms"], rows)}

**Targets:** ${verdicts.join("; ")}.
`;
}

function expressionsSection(expressions, targets) {
  const rows = expressions.expressions.map((row) => [`\`${row.source}\``, row.closureNs, row.engineNs, `${row.speedup}×`]);
  const share = expressions.examples;

  targets.push({ name: "expressions: slowest closure-mode expression (median)", value: expressions.maxClosureNs, target: expressions.targetNs, unit: "ns" });
  targets.push({ name: "expressions: example-flow expressions on closures", value: round((1 - share.share) * 100), target: 0, unit: "% on JSONata" });
  return `## 5. Expressions: closures against the JSONata engine

**What:** time of one evaluation of each expression of the closure subset, compiled to a closure,
and the same expression on the JSONata 2.2 engine; and the share of the example flows'
expressions that compile to closures.

**Fixture:** one expression per construct and built-in function of the subset, on fixed data;
the example flows in \`examples/\` and their subflows.

**Method:** median of 31 rounds, a round being the mean time of a batch of evaluations (20,000
for closures, visiting every expression in turn; 500 for the engine). Load average at the start:
${expressions.loadAverage.join(", ")}.

${table(["expression", "closure ns", "JSONata ns", "speed-up"], rows)}

- Median over all expressions: ${expressions.medianClosureNs} ns; slowest: ${expressions.maxClosureNs} ns${expressions.overTarget.length > 0 ? ` (over ${expressions.targetNs} ns: ${expressions.overTarget.map((source) => `\`${source}\``).join(", ")})` : ""}.
- Example flows: ${share.closure} of ${share.closure + share.jsonata} expressions compile to closures.

**Targets:** each expression ≤ ${expressions.targetNs} ns median: ${verdict(expressions.maxClosureNs, expressions.targetNs, "ns")}; every example-flow expression on closures: ${share.jsonata === 0 ? "**met**" : `**missed** (${share.jsonata} on JSONata)`}.
`;
}

// A target is met at or under its limit, or at or over it for a minimum ("min").
function outcomeOf(target) {
  return target.comparison === "min" ? target.value >= target.target : target.value <= target.target;
}

/** Writes BENCHMARKS.md for a full run and returns the targets with their outcome. */
export function writeReport(file, report) {
  const targets = [];
  const { results } = report;
  const sections = [
    chainSection(results.chain, targets),
    nodeRedSection(results["node-red"], results.chain),
    callsSection(results["concurrent-calls"], targets),
    compileSection(results.compile, targets),
    expressionsSection(results.expressions, targets),
    ...(report.extraSections ?? []).map((extra) => {
      targets.push(...extra.targets);
      return extra.markdown;
    }),
  ];
  const summary = table(
    ["target", "measured", "limit", "outcome"],
    targets.map((t) => [t.name, `${t.value} ${t.unit}`, `${t.comparison === "min" ? "≥" : "≤"} ${t.target} ${t.unit}`, outcomeOf(t) ? "met" : "missed"]),
  );
  const text = `# Benchmarks

Written by \`npm run bench\` (runtime/bench/run.mjs) from the run described below; rerun it to
refresh every figure. The benchmarks run the built JavaScript (\`npm run build\`), each in its own
Node process started with \`--expose-gc\`.

${summary}

${machineSection(report)}

${sections.join("\n")}
${PROFILE_NOTES}`;

  fs.writeFileSync(file, text.replace(/\n{3,}/g, "\n\n"));
  return targets.map((t) => ({ ...t, met: outcomeOf(t) }));
}

const PROFILE_NOTES = `## Profile notes

Fixed text from the investigation made while these benchmarks were written (2026-12-04, same
machine, \`node --cpu-prof\`, \`--trace-gc\` and the inspector's sampling heap profiler); the run
does not regenerate it. Figures here are single runs on the shared machine.

### Chain: what the interpreter spent its time on

Four general changes came out of the chain profile, each its own commit; before → after, trace
on, medians of one run each:

| change | profile finding | one-step session | per step outside expressions |
| --- | --- | --- | --- |
| stamp trace events in place (Session.emit) | one spread copied every event shape, so V8 took its generic path: about 1 µs an event, 35% of self time | 14.5 → 10.5 µs | 2.44 → 0.93 µs |
| build the hang-up error only when a read waits (CallControl) | hangup() and dispose() built a CallHangupError, with its stack trace, at every call end: 14% | 10.5 → 4.8 µs | 0.93 → 0.84 µs |
| create the call's AbortController on first use (CallControl) | about 2 µs a call, and every step read AbortSignal's brand-checked \`aborted\` getter | 4.8 → 2.6 µs | 0.84 → 0.48 µs |
| copy final variables without a spread (Session) | the null-prototype values object is in dictionary mode, where a spread took 2.4 µs | 2.6 → 2.0 µs | 0.48 → 0.42 µs |

Three costs remain in each step. The session's \`walk\` awaits \`step()\`, an async function, even
when the node returned its port without a promise. \`values[name] = value\` stores into a
dictionary-mode object. A traced step builds two or three event objects.

Before the closure compiler, every expression went through JSONata 2.2's own evaluator at 3 to 5
µs an evaluation, 85% of a message. That evaluator's 100 ms timeout is wall-clock time from the
start of an evaluation, so a stall of the process fails a trivial expression: in two sequential
chain runs an evaluation such as \`x7 < 0\` failed with D1012 while the machine was busy, and in
one 10,000-call run one call ended with the apology prompt for the same reason. Expressions
outside the closure subset still run on that evaluator.

### 10,000 calls: where the latency and the memory go

- Latency is garbage collection. During the window V8 scavenged about every 170 ms, taking 15
  to 22 ms each time (\`--trace-gc\`), because much of what a call allocates lives through one
  prompt and one key wait (1 to 2 s) and survives the scavenge. Keys due during a pause wait for
  it, and the p99 follows the pauses; stalls from other work on the machine add to it. A larger
  young generation (\`--max-semi-space-size=64\`) made the p99 worse (95 ms), because each
  scavenge then copies more live objects.
- A menu loop iteration allocates about 11 KB (sampling heap profiler, objects collected
  included). About 4.5 KB of it is the AbortController, AbortSignal and event listener made for
  each prompt in CallControl.play and SimulatedChannel.play; the async frames of the menu, the
  session's walk and the nodes make most of the rest. TODO: a lighter stop handle for playback
  than an AbortController would cut the allocation per prompt, but it changes the Channel
  interface and every adapter, so it is not done here.
- Memory per call grows through the window because SimulatedChannel keeps a record of every
  prompt it played (\`played\`), about 350 bytes a prompt. With that record emptied after each
  key, 5,000 calls held a flat 8.2 KB a call at 5 s and at 21 s; with it kept, 8.8 KB and 11.5 KB.
  A channel for real calls keeps no such record.

### Compile: JSONata's parser

\`jsonata()\` costs 100 to 120 µs for a short expression and keeps 13 to 16 KB alive for each
parsed expression: JSONata 2.2's parser builds a fresh symbol table on every call, and the AST's
nodes reach it through their prototypes. Garbage collection was 40% of compile time in the
profile, and the expression parse cache (up to 10,000 entries) can hold about 160 MB. Parsing is
the larger part of the compile time in section 4; the rest is zod, the node \`prepare\` functions,
the graph checks and linking.
`;
