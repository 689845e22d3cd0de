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
    ["preparation (find the checked script, pick the call's compartment or a new one)", "prepareUs"],
    ["run (compartment if new, inputs in, script, result out)", "runUs"],
    ["total seen by the parent (send to result)", "totalUs"],
    ["ScriptSandbox.run as a caller sees it", "callUs"],
  ];

  return `## Script sandbox (logic.script)

**What:** the cost of one \`logic.script\` run with a warm worker pool (${json.workers} worker processes,
isolated-vm 5.0.4, SES 2.3.0), split into the process hop, the preparation and the run itself.

**Fixture:** \`${json.script.code.replaceAll("\n", " ")}\` with inputs \`${JSON.stringify(json.script.inputs)}\`, one tenant.

**Method:** ${json.runs} runs after a warm-up, \`performance.now()\` around each call in the parent; the
worker reports its own two phases (\`process.hrtime\`), and the process hop is the parent's total
less those. *Paced* runs wait ${json.gapMs} ms between runs, as script nodes of real calls do.
*Back to back* runs start as soon as the previous one ends. In this first table every run is a
call of its own, so each gets a new SES compartment in the tenant's realm, the isolate's one
context, which SES locked down (${round(json.inProcess.compartmentRunUs.median)} µs median for such a run, measured in process).

**Figures** (µs):

${table(
  ["phase", "paced median", "paced p99", "paced max", "back to back median", "back to back p99", "back to back max"],
  phases.map(([name, key]) => [...row(name, paced[key]), ...row("", backToBack[key]).slice(1)]),
)}

${table(["whole logic.script node (inputs, sandbox, outputs)", "median", "p99", "max"], [row("paced", json.nodePacedUs), row("back to back", json.nodeBackToBackUs)])}

**Runs within a call** (µs): groups of ${json.runsPerCall} runs share one call, as the script nodes of one
flow do. The call's first run creates a compartment and the others reuse it; the call's end
releases it. The isolation boundary between calls is the same as above: a compartment never
serves two calls.

${table(
  ["phase", "paced median", "paced p99", "paced max", "back to back median", "back to back p99", "back to back max"],
  phases.map(([name, key]) => [...row(name, json.inCallPaced[key]), ...row("", json.inCallBackToBack[key]).slice(1)]),
)}

${table(["whole logic.script node within a call", "median", "p99", "max"], [row("paced", json.nodeInCallPacedUs), row("back to back", json.nodeInCallBackToBackUs)])}

${table(
  ["other figure", "median", "p99", "max"],
  [
    row(`run in a new compartment, in process (${json.inProcess.compartmentRunUs.count} runs)`, json.inProcess.compartmentRunUs),
    row(`tenant isolate with its realm (SES loaded, lockdown), in process (${json.inProcess.realmUs.count} isolates)`, json.inProcess.realmUs),
    row(`first run of a new tenant, tenants back to back (${json.coldTenantUs.count} tenants; the spare isolate is rarely ready)`, json.coldTenantUs),
    row(`first run of a new tenant, tenants ${json.spacedTenantsMs} ms apart (${json.spacedColdTenantUs.count} tenants; the spare isolate is ready)`, json.spacedColdTenantUs),
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
process, in an SES compartment of the isolate's locked-down realm. The first tables give each
run a new compartment, because each run is a call of its own. The tables within a call share one
compartment among the runs of one call, so they skip its creation and the script's evaluation. The p99 and max figures move
with the load that other work puts on the 2 cores (load average above): the medians are the
stable part.
`;
}
