// The Markdown section of the ACD benchmark.

function verdict(met) {
  return met ? "**met**" : "**missed**";
}

/** Formats the benchmark's figures as a Markdown section. */
export function acdMarkdown(json) {
  const { matcher, ownership } = json;
  const { centre } = matcher;
  const [p99, rate, gc] = json.targets;

  return `## ACD

**What:** the in-memory matcher of one tenant's ACD, and the rebuild and takeover of that ACD from
its event log in PostgreSQL. Routing flows and database lookups are not part of the matcher
figures.

**Matcher:** ${centre.agents} agents with ${centre.skillsPerAgent} of ${centre.skills} skills each, ${centre.queues} queues (strategies ${centre.strategies.join(", ")}),
${centre.queuedCalls} calls queued and ${centre.agentsReady} agents ready (${centre.agentsOnCall} on calls) throughout. Each cycle an
agent ends its call and is offered the best waiting call (decision 1), accepts it, and a new call
arrives and waits (decision 2). ${matcher.decisions} decisions timed one by one with \`performance.now()\`; timers
are not scheduled (the clock's timers never fire), so the figures are the decisions alone.

| decision | median | p99 | max |
| --- | --- | --- | --- |
| agent becomes free, picks from 10,000 waiting calls | ${matcher.agentFreeUs.median} µs | ${matcher.agentFreeUs.p99} µs | ${matcher.agentFreeUs.max} µs |
| call arrives and waits | ${matcher.callArrivesUs.median} µs | ${matcher.callArrivesUs.p99} µs | ${matcher.callArrivesUs.max} µs |
| both | ${matcher.allUs.median} µs | ${matcher.allUs.p99} µs | ${matcher.allUs.max} µs |

- decision p99: ${p99.value} µs against ≤ ${p99.limit} µs: ${verdict(p99.met)}
- decisions per second (sum of the decisions' own times): ${rate.value} against ≥ ${rate.limit}: ${verdict(rate.met)}; counting the accept and call-end steps between them: ${matcher.cycleDecisionsPerSecond}
- heap growth per decision: ${matcher.bytesPerDecision} bytes (median of ${matcher.allocationBatchesUsed} batches of 500 decisions, each after a full GC, from \`process.memoryUsage().heapUsed\`)
- collections during the timed run (\`PerformanceObserver\` gc entries): ${matcher.gc.minor} scavenges, ${matcher.gc.major} old-space (mark-sweep-compact), ${matcher.gc.incremental} incremental marking: ${verdict(gc.met)} for no old-space collection

**Rebuild and takeover:** PostgreSQL 15 ${ownership.server.embedded ? "embedded server (default settings, fsync on)" : "server of DATABASE_URL"}. An owner process
configures ${ownership.centre.agents} agents and ${ownership.centre.skills} queues, serves ${ownership.centre.servedCalls} calls, and leaves ${ownership.centre.waitingCalls} waiting with every agent not
ready: ${ownership.takeover.ownerEvents} events, all written. A standby polls the tenant's advisory lock every ${ownership.lockRetryMs} ms.

| | events replayed | waiting calls after | total | of which reading and replaying the log |
| --- | --- | --- | --- | --- |
| takeover after \`SIGKILL\` of the owner | ${ownership.takeover.events} | ${ownership.takeover.waitingCalls} | ${ownership.takeover.takeoverMs} ms from the kill | ${ownership.takeover.rebuildMs} ms |
| clean restart | ${ownership.restart.events} | ${ownership.restart.waitingCalls} | ${ownership.restart.startMs} ms | ${ownership.restart.rebuildMs} ms |

One-minute load average before and after: ${json.loadAverage.before} and ${json.loadAverage.after}.
`;
}
