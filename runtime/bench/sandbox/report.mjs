// The Markdown section of the script sandbox benchmark.
import { round } from "../lib/stats.mjs";

function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;

  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const row = (name, summary) => [name, round(summary.median), round(summary.p99), round(summary.max)];

function verdict({ value, target, unit }) {
  return value <= target ? `**met** (${value} ${unit} ≤ ${target} ${unit})` : `**missed** (${value} ${unit} against ${target} ${unit})`;
}

/** Formats the benchmark's figures as a Markdown section. */
export function sandboxMarkdown(json) {
  const { paced, backToBack } = json;
  const phases = [
    ["process hop (IPC both ways, message handling)", "processHopUs"],
    ["context preparation (take the call's or a fresh context, load the compiled script)", "prepareUs"],
    ["run (inputs in, script, result out)", "runUs"],
    ["total seen by the parent (send to result)", "totalUs"],
    ["ScriptSandbox.run as a caller sees it", "callUs"],
  ];

  return `## Script sandbox (logic.script)

**What:** the cost of one \`logic.script\` run with a warm worker pool (${json.workers} worker processes,
isolated-vm 5.0.4), split into the process hop, context preparation and the run itself.

**Fixture:** \`${json.script.code.replaceAll("\n", " ")}\` with inputs \`${JSON.stringify(json.script.inputs)}\`, one tenant.

**Method:** ${json.runs} runs after a warm-up, \`performance.now()\` around each call in the parent; the
worker reports its own two phases (\`process.hrtime\`), and the process hop is the parent's total
less those. *Paced* runs wait ${json.gapMs} ms between runs, as script nodes of real calls do; in
that pause the worker prepares the next fresh context. *Back to back* runs start as soon as the
previous one ends, so the worker's context creation (${round(json.contextCreationUs.median)} µs median, measured in
process) competes with the next run. In this first table every run is a call of its own and
gets a fresh context.

**Figures** (µs):

${table(
  ["phase", "paced median", "paced p99", "paced max", "back to back median", "back to back p99", "back to back max"],
  phases.map(([name, key]) => [...row(name, paced[key]), ...row("", backToBack[key]).slice(1)]),
)}

${table(["whole logic.script node (inputs, sandbox, outputs)", "median", "p99", "max"], [row("paced", json.nodePacedUs), row("back to back", json.nodeBackToBackUs)])}

**Runs within a call** (µs): groups of ${json.runsPerCall} runs share one call, as the script nodes of one
flow do. The call's first run takes a fresh context and the others reuse it; the call's end
releases it. The isolation boundary between calls is the same as above: a context never serves
two calls.

${table(
  ["phase", "paced median", "paced p99", "paced max", "back to back median", "back to back p99", "back to back max"],
  phases.map(([name, key]) => [...row(name, json.inCallPaced[key]), ...row("", json.inCallBackToBack[key]).slice(1)]),
)}

${table(["whole logic.script node within a call", "median", "p99", "max"], [row("paced", json.nodeInCallPacedUs), row("back to back", json.nodeInCallBackToBackUs)])}

${table(
  ["other figure", "median", "p99", "max"],
  [
    row("fresh context with harness, created in process (off the request path)", json.contextCreationUs),
    row(`first run of a new tenant (isolate, compile, context on the path; ${json.coldTenantUs.count} tenants)`, json.coldTenantUs),
    row(`total seen by the parent, runs ${json.longGapMs} ms apart`, json.pacedLongGap.totalUs),
    row(`process hop, runs ${json.longGapMs} ms apart`, json.pacedLongGap.processHopUs),
    row(`latency with ${json.throughput.runsPerSecond} runs/s (4 tenants × 2 in flight)`, json.throughput.latencyUs),
    row(`calm call while another tenant's busy loop runs (${json.rogueCpuMs} ms CPU limit, ${json.duringRunaway.calmUs.count} calls)`, json.duringRunaway.calmUs),
  ],
)}

Worker pool start: ${json.workerStartMs} ms. The runaway ended with \`${json.duringRunaway.runawayCode}\`. Load average (1 min)
before and after: ${json.loadAverage.before} and ${json.loadAverage.after}, on a machine that other work shares.

**Targets:**
${json.targets.map((target) => `- ${target.name}: ${verdict(target)}`).join("\n")}

Isolation of every figure: a tenant's scripts run in its own isolated-vm isolate inside a worker
process. The first tables give each run a fresh context, because each run is a call of its own.
The tables within a call share one context among the runs of one call. Those runs skip the
context creation, and the process hop is the cost that remains. The p99 and max figures move
with the load that other work puts on the 2 cores (load average above): the medians are the
stable part.
`;
}
