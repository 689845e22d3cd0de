// Script sandbox benchmark. It measures the cost of a logic.script run with a warm worker pool,
// split into the process hop, the preparation and the run. It also measures cold starts,
// throughput, and the latency of a calm call while another tenant's script runs away.
//
//   npm run build                                            (at the repository root, first)
//   node --no-node-snapshot runtime/bench/sandbox/main.mjs [--format both|json|markdown]
//
// Reads the built packages (dist). Takes about 30 seconds on 2 cores.
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { loadAverage } from "../lib/machine.mjs";
import { round } from "../lib/stats.mjs";
import { measureColdTenants, measureDuringRunaway, measureRealm, measureNode, measureRuns, measureThroughput, SCRIPT } from "./measure.mjs";
import { sandboxMarkdown } from "./report.mjs";

const DIST = new URL("../../dist/sandbox/", import.meta.url);
const RUNS = 2_000;
const WARMUP_RUNS = 300;
// A pause between runs, as between script nodes of real calls.
const GAP_MS = 1;
// A longer pause, which shows what waking idle processes costs.
const LONG_GAP_MS = 5;
const ROGUE_CPU_MS = 1_000;
// Time between new tenants in the second cold-start measurement: enough for a worker to make its
// spare isolate in the background.
const SPACED_TENANTS_MS = 100;
// Script nodes per call in the runs that share a call's compartment, as in the script chain benchmark.
const RUNS_PER_CALL = 7;

/** Runs every measurement and returns the figures as JSON and as a Markdown section. */
export async function runSandboxBenchmark() {
  if (!existsSync(fileURLToPath(new URL("index.js", DIST)))) throw new Error("runtime/dist/sandbox is missing; run `npm run build` at the repository root first");
  const { ScriptSandbox } = await import(new URL("index.js", DIST).href);
  const { TenantIsolate } = await import(new URL("tenant-isolate.js", DIST).href);
  const loadBefore = loadAverage();
  const sandbox = new ScriptSandbox({ tenantLimits: (tenantId) => (tenantId === "rogue" ? { cpuTimeMs: ROGUE_CPU_MS } : undefined) });
  const startedAt = performance.now();

  await sandbox.start();
  const workerStartMs = round(performance.now() - startedAt);
  const coldTenantUs = await measureColdTenants(sandbox, 20);
  const spacedColdTenantUs = await measureColdTenants(sandbox, 20, { gapMs: SPACED_TENANTS_MS, prefix: "spaced" });

  await measureRuns(sandbox, "acme", { count: WARMUP_RUNS, gapMs: 0 });
  await measureNode(sandbox, "acme", { count: WARMUP_RUNS, gapMs: 0 });
  const json = {
    workers: sandbox.status().length,
    script: SCRIPT,
    runs: RUNS,
    gapMs: GAP_MS,
    workerStartMs,
    coldTenantUs,
    spacedColdTenantUs,
    spacedTenantsMs: SPACED_TENANTS_MS,
    paced: await measureRuns(sandbox, "acme", { count: RUNS, gapMs: GAP_MS }),
    backToBack: await measureRuns(sandbox, "acme", { count: RUNS, gapMs: 0 }),
    longGapMs: LONG_GAP_MS,
    pacedLongGap: await measureRuns(sandbox, "acme", { count: RUNS / 4, gapMs: LONG_GAP_MS }),
    nodePacedUs: await measureNode(sandbox, "acme", { count: RUNS, gapMs: GAP_MS }),
    nodeBackToBackUs: await measureNode(sandbox, "acme", { count: RUNS, gapMs: 0 }),
    runsPerCall: RUNS_PER_CALL,
    inCallPaced: await measureRuns(sandbox, "acme", { count: RUNS, gapMs: GAP_MS, runsPerCall: RUNS_PER_CALL }),
    inCallBackToBack: await measureRuns(sandbox, "acme", { count: RUNS, gapMs: 0, runsPerCall: RUNS_PER_CALL }),
    nodeInCallPacedUs: await measureNode(sandbox, "acme", { count: RUNS, gapMs: GAP_MS, runsPerCall: RUNS_PER_CALL }),
    nodeInCallBackToBackUs: await measureNode(sandbox, "acme", { count: RUNS, gapMs: 0, runsPerCall: RUNS_PER_CALL }),
    inProcess: await measureRealm(TenantIsolate, { realms: 20, runs: 2_000 }),
    throughput: await measureThroughput(sandbox, { tenants: 4, parallel: 2, durationMs: 3_000 }),
    duringRunaway: await measureDuringRunaway(sandbox, { calmRuns: 200, rogueCpuMs: ROGUE_CPU_MS }),
    rogueCpuMs: ROGUE_CPU_MS,
  };

  await sandbox.close();
  json.loadAverage = { before: loadBefore, after: loadAverage() };
  json.targets = [
    { name: "logic.script overhead per run, warm pool, paced (median)", value: round(json.nodePacedUs.median), target: 300, unit: "µs" },
    { name: "logic.script overhead per run, warm pool, paced (p99)", value: round(json.nodePacedUs.p99), target: 2_000, unit: "µs" },
    { name: "logic.script overhead per run within a call, warm pool, paced (median)", value: round(json.nodeInCallPacedUs.median), target: 300, unit: "µs" },
    { name: "logic.script overhead per run within a call, warm pool, paced (p99)", value: round(json.nodeInCallPacedUs.p99), target: 2_000, unit: "µs" },
  ];
  return { json, markdown: sandboxMarkdown(json) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { format: { type: "string", default: "both" } } });

  if (!["both", "json", "markdown"].includes(values.format)) throw new Error(`--format must be both, json or markdown, got "${values.format}"`);
  const { json, markdown } = await runSandboxBenchmark();

  if (values.format !== "markdown") process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  if (values.format === "both") process.stdout.write("\n");
  if (values.format !== "json") process.stdout.write(markdown);
}
