// The in-memory matcher under load: 1,000 agents, 50 skills, 10,000 queued calls. Run in a
// child process of its own with --expose-gc (see main.mjs), so that its heap starts clean.
//
// Timers are left out: the engine runs on a clock whose timers never fire, so the figures are
// those of the decisions alone (ring and wrap-up timers are not scheduled).
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

import { AcdEngine } from "../../dist/acd/acd-engine.js";
import { round, summarize } from "../lib/stats.mjs";

const SKILLS = 50;
const AGENTS = 1_000;
const SKILLS_PER_AGENT = 3;
const QUEUED_CALLS = 10_000;
const STRATEGIES = ["customer-priority", "fcfs", "skill-level", "longest-idle"];

// A deterministic generator, so that every run builds the same centre.
function random(seed) {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);

    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frozenClock() {
  let now = Date.parse("2026-12-07T02:00:00Z");
  let id = 0;

  return { now: () => now, tick: () => (now += 1), setTimer: () => ({ id: ++id }), clearTimer: () => undefined };
}

// Builds the centre: every agent logged in and on a call, and QUEUED_CALLS calls waiting.
function buildCentre(draw) {
  const clock = frozenClock();
  const engine = new AcdEngine({ clock });
  const skillsOf = [];

  for (let s = 0; s < SKILLS; s++) engine.configureQueue({ id: `q${s}`, skill: `s${s}`, servicePriority: s % 5, strategies: STRATEGIES });
  for (let a = 0; a < AGENTS; a++) {
    const skills = {};

    while (Object.keys(skills).length < SKILLS_PER_AGENT) skills[`s${Math.floor(draw() * SKILLS)}`] = 1 + Math.floor(draw() * 10);
    skillsOf.push(Object.keys(skills));
    engine.configureAgent({ id: `a${a}`, skills, site: `r${a % 4}` });
  }
  return { engine, clock, skillsOf };
}

let callNumber = 0;

function newCall(draw) {
  return { id: `c${callNumber++}`, queue: `q${Math.floor(draw() * SKILLS)}`, caller: `09${String(Math.floor(draw() * 1e8)).padStart(8, "0")}`, priority: Math.floor(draw() * 4), region: `r${Math.floor(draw() * 4)}` };
}

// One cycle of a busy centre. An agent ends its call and is offered the best waiting call (one
// decision) and accepts it. Then a new call arrives and waits (a second decision), so that
// 10,000 calls stay queued and no agent stays ready.
function cycle(engine, clock, draw, agentId, timings, index) {
  clock.tick();
  let started = performance.now();

  engine.endCall(agentId);
  if (timings) timings.agentFree[index] = performance.now() - started;
  engine.accept(agentId, engine.state.agents.get(agentId).callId);
  const call = newCall(draw);

  started = performance.now();
  engine.enqueue(call);
  if (timings) timings.callArrives[index] = performance.now() - started;
}

/** Measures decisions with 10,000 calls queued; returns timings, throughput, allocation and GC counts. */
export function measureMatcher({ cycles = 50_000, warmupCycles = 20_000, allocationBatches = 40, batchCycles = 250 } = {}) {
  const draw = random(20261207);
  const { engine, clock } = buildCentre(draw);
  const setupStarted = performance.now();

  for (let a = 0; a < AGENTS; a++) engine.login(`a${a}`);
  for (let c = 0; c < QUEUED_CALLS; c++) engine.enqueue(newCall(draw));
  // Each agent becomes ready, takes the best call it can serve and accepts it.
  for (let a = 0; a < AGENTS; a++) {
    engine.setReady(`a${a}`);
    const agent = engine.state.agents.get(`a${a}`);

    if (agent.state === "reserved") engine.accept(agent.id, agent.callId);
  }
  while ([...engine.state.queues.values()].reduce((sum, queue) => sum + queue.waiting, 0) < QUEUED_CALLS) engine.enqueue(newCall(draw));
  const busy = [...engine.state.agents.values()].filter((agent) => agent.state === "on-call").map((agent) => agent.id);
  const setupMs = performance.now() - setupStarted;
  const pick = () => busy[Math.floor(draw() * busy.length)];

  for (let i = 0; i < warmupCycles; i++) cycle(engine, clock, draw, pick());

  // Bytes per decision: the growth of the heap over short batches that start after a full GC.
  // The batches are short so that most see no scavenge, and the median batch is reported.
  const perDecision = [];
  for (let b = 0; b < allocationBatches; b++) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;

    for (let i = 0; i < batchCycles; i++) cycle(engine, clock, draw, pick());
    const grown = process.memoryUsage().heapUsed - before;

    if (grown > 0) perDecision.push(grown / (batchCycles * 2));
  }
  globalThis.gc?.();

  const gcKinds = { minor: 0, major: 0, incremental: 0, weakCallbacks: 0 };
  const window = { from: Infinity, to: Infinity };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = entry.detail?.kind ?? entry.kind;

      // Only collections that started during the timed loop count.
      if (entry.startTime < window.from || entry.startTime > window.to) continue;

      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcKinds.minor++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcKinds.major++;
      else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gcKinds.incremental++;
      else gcKinds.weakCallbacks++;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  // Preallocated, so that recording a timing allocates nothing.
  const timings = { agentFree: new Float64Array(cycles), callArrives: new Float64Array(cycles) };
  const started = performance.now();

  window.from = started;
  for (let i = 0; i < cycles; i++) cycle(engine, clock, draw, pick(), timings, i);
  window.to = performance.now();
  const loopMs = window.to - started;
  const decisions = [...timings.agentFree, ...timings.callArrives];
  const decisionMs = decisions.reduce((sum, ms) => sum + ms, 0);
  const waiting = [...engine.state.queues.values()].reduce((sum, queue) => sum + queue.waiting, 0);
  const ready = [...engine.state.agents.values()].filter((agent) => agent.state === "ready").length;

  return new Promise((resolve) => {
    // GC entries arrive asynchronously: let them come in before reading the counts.
    setTimeout(() => {
      observer.disconnect();
      const us = (values) => {
        const summary = summarize(Array.from(values, (ms) => ms * 1000));

        return { median: round(summary.median), p99: round(summary.p99), max: round(summary.max) };
      };
      const sortedBytes = perDecision.sort((a, b) => a - b);

      resolve({
        centre: { agents: AGENTS, skills: SKILLS, skillsPerAgent: SKILLS_PER_AGENT, queues: SKILLS, strategies: STRATEGIES, queuedCalls: waiting, agentsReady: ready, agentsOnCall: busy.length },
        setupMs: round(setupMs),
        decisions: decisions.length,
        agentFreeUs: us(timings.agentFree),
        callArrivesUs: us(timings.callArrives),
        allUs: us(decisions),
        decisionsPerSecond: Math.round(decisions.length / (decisionMs / 1000)),
        cycleDecisionsPerSecond: Math.round(decisions.length / (loopMs / 1000)),
        bytesPerDecision: sortedBytes.length === 0 ? null : Math.round(sortedBytes[Math.floor(sortedBytes.length / 2)]),
        allocationBatchesUsed: sortedBytes.length,
        gc: gcKinds,
        gcExposed: typeof globalThis.gc === "function",
      });
    }, 100);
  });
}
