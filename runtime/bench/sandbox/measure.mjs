// Measurements of the script sandbox, each on the sandbox it is given. Times are microseconds
// unless a name says otherwise.
import { performance } from "node:perf_hooks";

import { logicScriptNode, SCRIPT_SERVICE } from "@callflow/nodes";
import { realClock, SessionVariables, silentLogger } from "@callflow/sdk";

import { summarize } from "../lib/stats.mjs";

/** The script of every measured run: a fee calculation of the kind IVR flows do. */
export const SCRIPT = {
  code: "const fee = inputs.amount > 1000 ? 0 : 15;\nreturn { fee, total: inputs.amount + fee, tier: inputs.tier === 'VIP' ? 'gold' : 'standard' };",
  inputs: { amount: 200, tier: "VIP", accountNo: "0912345678" },
  timeoutMs: 1_000,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `count` scripts one after another, `gapMs` apart (0: back to back), and summarizes each
 * phase. With `runsPerCall`, each group of that many runs belongs to one call and shares its
 * context, as the script nodes of one flow do. Without it, each run has a fresh context.
 */
export async function measureRuns(sandbox, tenantId, { count, gapMs, runsPerCall = 0 }) {
  const phases = { totalUs: [], processHopUs: [], prepareUs: [], runUs: [], callUs: [] };
  let call;

  for (let i = 0; i < count; i++) {
    if (gapMs > 0) await sleep(gapMs);
    if (runsPerCall > 0 && i % runsPerCall === 0) {
      if (call !== undefined) sandbox.endCall(call);
      call = {};
    }
    const started = performance.now();
    const { timing } = await sandbox.run(tenantId, SCRIPT, { call });

    phases.callUs.push((performance.now() - started) * 1_000);
    for (const name of ["totalUs", "processHopUs", "prepareUs", "runUs"]) phases[name].push(timing[name]);
  }
  if (call !== undefined) sandbox.endCall(call);
  return Object.fromEntries(Object.entries(phases).map(([name, values]) => [name, summarize(values)]));
}

// The node context fields logic.script reads, with the sandbox as its service. The caller sets
// `call` to share a compartment between runs.
function nodeContext(service) {
  const variables = new SessionVariables({});

  Object.assign(variables.values, SCRIPT.inputs);
  return {
    node: { id: "fee", type: "logic.script" },
    variables,
    log: silentLogger,
    signal: new AbortController().signal,
    clock: realClock,
    call: undefined,
    trace: () => undefined,
    services: { get: (key) => (key.name === SCRIPT_SERVICE.name ? service : undefined) },
  };
}

/**
 * Runs the logic.script node itself `count` times, `gapMs` apart: the node's whole cost per run.
 * With `runsPerCall`, each group of that many runs belongs to one call, as in {@link measureRuns}.
 */
export async function measureNode(sandbox, tenantId, { count, gapMs, runsPerCall = 0 }) {
  const service = sandbox.forTenant(tenantId);
  const context = nodeContext(service);
  const config = { code: SCRIPT.code, inputs: ["amount", "tier", "accountNo"], outputs: ["fee", "total", "tier"], timeoutMs: SCRIPT.timeoutMs };
  const samples = [];

  for (let i = 0; i < count; i++) {
    if (gapMs > 0) await sleep(gapMs);
    if (runsPerCall > 0 && i % runsPerCall === 0) {
      if (context.call !== undefined) service.endCall(context.call);
      context.call = {};
    }
    const started = performance.now();

    await logicScriptNode.run(context, config);
    samples.push((performance.now() - started) * 1_000);
  }
  if (context.call !== undefined) service.endCall(context.call);
  return summarize(samples);
}

/** Runs the first script of `tenants` new tenants: each creates an isolate, compiles, and creates a context on the request path. */
export async function measureColdTenants(sandbox, tenants, { gapMs = 0, prefix = "cold" } = {}) {
  const samples = [];

  for (let i = 0; i < tenants; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const started = performance.now();

    await sandbox.run(`${prefix}-${i}`, SCRIPT);
    samples.push((performance.now() - started) * 1_000);
  }
  return summarize(samples);
}

/** Keeps `parallel` runs in flight for each of `tenants` tenants for `durationMs`; returns runs per second and latency. */
export async function measureThroughput(sandbox, { tenants, parallel, durationMs }) {
  const latencies = [];
  const endAt = performance.now() + durationMs;
  const loop = async (tenantId) => {
    while (performance.now() < endAt) {
      const started = performance.now();

      await sandbox.run(tenantId, SCRIPT);
      latencies.push((performance.now() - started) * 1_000);
    }
  };
  const started = performance.now();
  const loops = [];

  for (let t = 0; t < tenants; t++) for (let p = 0; p < parallel; p++) loops.push(loop(`busy-${t}`));
  await Promise.all(loops);
  return { runsPerSecond: Math.round(latencies.length / ((performance.now() - started) / 1_000)), latencyUs: summarize(latencies) };
}

/** Runs calm scripts, 1 ms apart, while another tenant's busy loop keeps a worker busy for `rogueCpuMs`. */
export async function measureDuringRunaway(sandbox, { calmRuns, rogueCpuMs }) {
  const runaway = sandbox.run("rogue", { code: "while (true) {}", inputs: {}, timeoutMs: rogueCpuMs * 4 }).catch((error) => error);
  const samples = [];

  await sleep(10);
  for (let i = 0; i < calmRuns; i++) {
    await sleep(1);
    const started = performance.now();

    await sandbox.run("calm", SCRIPT);
    samples.push((performance.now() - started) * 1_000);
  }
  const started = performance.now();
  const error = await runaway;

  return { calmUs: summarize(samples), runawayCode: error.code, runawayEndedAfterCalmMs: Math.round(performance.now() - started) };
}

/**
 * Times, in this process, two things a worker does for a tenant. `realmUs` is creating the
 * tenant's isolate with its realm, where SES is loaded and locked down. `compartmentRunUs` is a
 * run in a new compartment: the compartment, evaluating the script in it, the run and its outcome.
 */
export async function measureRealm(TenantIsolate, { realms, runs }) {
  const realmUs = [];
  const compartmentRunUs = [];
  const owner = { onHostCall: () => undefined };
  const args = () => [SCRIPT.code, JSON.stringify(SCRIPT.inputs), "[]", 50, 1_000, 32, Date.now()];

  for (let i = 0; i < realms; i++) {
    const started = performance.now();
    const isolate = TenantIsolate.create(32);

    realmUs.push((performance.now() - started) * 1_000);
    isolate.dispose();
  }
  const isolate = TenantIsolate.create(32);

  for (let i = 0; i < runs; i++) {
    const started = performance.now();

    isolate.start(owner, i + 1, 0, args(), 1_000);
    if (typeof isolate.takeOutcome(i + 1, 1_000) !== "string") throw new Error("the benchmark script did not settle in its first segment");
    isolate.finish(i + 1, 0, true);
    compartmentRunUs.push((performance.now() - started) * 1_000);
  }
  isolate.dispose();
  return { realmUs: summarize(realmUs), compartmentRunUs: summarize(compartmentRunUs) };
}
