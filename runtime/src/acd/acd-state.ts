import type { AcdEvent } from "./acd-events.js";
import {
  addStateTime,
  DEFAULT_STRATEGIES,
  effectiveSkills,
  emptyDayCounters,
  RECENT_OUTCOMES_MS,
  newAgentRecord,
  type AgentRecord,
  type Bucket,
  type CallRecord,
  type GroupRecord,
  type QueueRecord,
} from "./acd-records.js";
import { localTimeIn } from "@callflow/sdk";

import { BREAK_REASONS, type AgentState, type QueueConfig } from "./acd-types.js";
import { IndexedHeap } from "./indexed-heap.js";
import { callOrder } from "./strategies.js";

const DEFAULT_LAST_AGENT_WINDOW_MS = 24 * 60 * 60 * 1000;

// Weight of the newest call in a queue's mean handling time: about the last 20 calls count.
const HANDLE_TIME_WEIGHT = 0.05;

function recordHandleTime(queue: QueueRecord, ms: number): void {
  queue.averageHandleMs = queue.averageHandleMs === 0 ? ms : queue.averageHandleMs + HANDLE_TIME_WEIGHT * (ms - queue.averageHandleMs);
}

function recordOutcome(queue: QueueRecord, at: number, waitMs: number, answered: boolean): void {
  const outcomes = queue.recentOutcomes;
  let expired = 0;

  while (expired < outcomes.length && outcomes[expired].at < at - RECENT_OUTCOMES_MS) expired++;
  if (expired > 0) outcomes.splice(0, expired);
  outcomes.push({ at, waitMs, answered });
}

function isOnBreak(state: AgentState, reason: string | undefined): boolean {
  return state === "not-ready" && reason !== undefined && BREAK_REASONS.has(reason);
}

/**
 * The state of one tenant's ACD with its indexes, changed only by {@link AcdState.apply}. The
 * indexes let a decision look at the few agents or calls that can match, never at everything:
 * ready agents by skill, waiting calls in buckets by skill, and waiting calls by the agent they
 * prefer.
 */
export class AcdState {
  readonly queues = new Map<string, QueueRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly calls = new Map<string, CallRecord>();
  /** Ready agents who have the skill. */
  readonly readyBySkill = new Map<string, Set<AgentRecord>>();
  /** Logged-in agents who have the skill. */
  readonly loggedInBySkill = new Map<string, number>();
  /** Buckets of waiting calls that need the skill. */
  readonly bucketsBySkill = new Map<string, Bucket[]>();
  /** Waiting calls whose dedicated or last agent is the key. */
  readonly preferredCalls = new Map<string, Set<CallRecord>>();
  /** Caller number → agent who last took the caller's call, and when. */
  readonly lastAgents = new Map<string, { agentId: string; at: number }>();
  /** Sequence number of the last applied event. */
  lastSeq = 0;
  private arrivals = 0;
  private headOrders = 0;
  private readyOrders = 0;
  private day = { date: "", checkedAt: -Infinity };

  /** @param timeZone IANA zone of the agents' day counters. Default UTC. */
  constructor(private readonly timeZone = "UTC") {}

  apply(event: AcdEvent): void {
    this.lastSeq = event.seq;
    switch (event.type) {
      case "queue.configured":
        return this.configureQueue(event.queue);
      case "group.configured": {
        const existing = this.groups.get(event.group.id);

        this.groups.set(event.group.id, { config: event.group, onBreak: existing?.onBreak ?? 0 });
        return;
      }
      case "agent.configured":
        return this.configureAgent(event);
      case "agent.state":
        return this.changeState(this.agents.get(event.agentId)!, event.state, event.reason, event.forcedBy, event.at);
      case "agent.skill":
        return this.changeSkill(event);
      case "agent.break-rejected":
        return;
      case "call.queued":
        return this.queueCall(event);
      case "call.offered": {
        const call = this.calls.get(event.callId)!;

        this.leaveBucket(call);
        call.state = "offered";
        call.agentId = event.agentId;
        this.agents.get(event.agentId)!.callId = call.id;
        return;
      }
      case "call.ring-no-answer": {
        const call = this.calls.get(event.callId)!;

        this.releaseAgentOf(call);
        call.state = "routing";
        return;
      }
      case "call.requeued": {
        const call = this.calls.get(event.callId)!;

        this.releaseAgentOf(call);
        call.order = --this.headOrders;
        this.enterBucket(call);
        return;
      }
      case "call.connected":
        return this.connect(this.calls.get(event.callId)!, event.agentId, event.at);
      case "call.ended": {
        const call = this.calls.get(event.callId)!;
        const agent = this.agents.get(event.agentId);

        if (agent) agent.lastQueue = call.queue.config.id;
        if (call.connectedAt !== undefined) recordHandleTime(call.queue, event.at - call.connectedAt);
        this.removeCall(call);
        return;
      }
      case "call.held":
      case "call.resumed":
        this.calls.get(event.callId)!.held = event.type === "call.held";
        return;
      case "call.transferred":
        return this.transferCall(event);
      case "call.overflowed":
        return this.removeCall(this.calls.get(event.callId)!);
      case "call.abandoned": {
        const call = this.calls.get(event.callId)!;

        recordOutcome(call.queue, event.at, event.at - call.queuedAt, false);
        return this.removeCall(call);
      }
    }
  }

  /** Agents of the group on a break now. */
  onBreak(groupId: string): number {
    return this.groups.get(groupId)?.onBreak ?? 0;
  }

  private configureQueue(config: QueueConfig): void {
    const existing = this.queues.get(config.id);
    const strategies = config.strategies ?? [...DEFAULT_STRATEGIES];

    if (!existing) {
      this.queues.set(config.id, { config, strategies, buckets: new Map(), waiting: 0, delivered: 0, deliveredByGroup: new Map(), averageHandleMs: 0, recentOutcomes: [] });
      return;
    }
    existing.config = config;
    existing.strategies = strategies;
    // The order of waiting calls may have changed: rebuild each bucket's heap with the new one.
    for (const bucket of existing.buckets.values()) {
      const calls = [...bucket.heap.values()];

      bucket.heap = new IndexedHeap(callOrder(strategies));
      for (const call of calls) bucket.heap.push(call);
    }
  }

  private configureAgent(event: Extract<AcdEvent, { type: "agent.configured" }>): void {
    const existing = this.agents.get(event.agent.id);

    if (!existing) {
      this.agents.set(event.agent.id, newAgentRecord(event.agent, event.at));
      return;
    }
    this.reindex(existing, () => {
      existing.baseSkills = new Map(Object.entries(event.agent.skills));
      existing.groups = event.agent.groups ?? [];
      existing.site = event.agent.site;
      existing.endpoint = event.agent.endpoint;
      existing.skills = effectiveSkills(existing);
    });
  }

  private changeSkill(event: Extract<AcdEvent, { type: "agent.skill" }>): void {
    const agent = this.agents.get(event.agentId)!;

    this.reindex(agent, () => {
      if (event.temporary) agent.temporarySkills.set(event.skill, event.level);
      else if (event.level === null) agent.baseSkills.delete(event.skill);
      else agent.baseSkills.set(event.skill, event.level);
      agent.skills = effectiveSkills(agent);
    });
  }

  // Takes the agent out of the indexes, changes it, and puts it back, so that the indexes follow
  // skills, groups and state.
  private reindex(agent: AgentRecord, change: () => void): void {
    this.unindex(agent);
    change();
    this.index(agent);
  }

  private changeState(agent: AgentRecord, state: AgentState, reason: string | undefined, forcedBy: string | undefined, at: number): void {
    this.countStateTime(agent, at);
    this.reindex(agent, () => {
      if (agent.state === "logged-out" && state !== "logged-out") {
        // A supervisor's temporary skill changes last until the agent's next login.
        agent.temporarySkills.clear();
        agent.skills = effectiveSkills(agent);
      }
      if (state === "ready") agent.readyOrder = ++this.readyOrders;
      agent.state = state;
      agent.reason = reason;
      agent.forcedBy = forcedBy;
      agent.stateSince = at;
    });
  }

  // Adds the time of the state that ends now to the agent's counters of today.
  private countStateTime(agent: AgentRecord, at: number): void {
    const today = this.localDate(at);

    if (agent.today.date !== today) agent.today = emptyDayCounters(today);
    addStateTime(agent.today, agent.state, at - agent.stateSince);
  }

  /**
   * Returns the local date (`YYYY-MM-DD`) of the day counters at `at`. It is looked up at most
   * once a minute, because Intl's formatting costs microseconds on the decision path.
   */
  // NOTE: so state changes in the first minute after local midnight can count for the day before.
  localDate(at: number): string {
    if (at - this.day.checkedAt >= 60_000 || at < this.day.checkedAt) this.day = { date: localTimeIn(at, this.timeZone).date, checkedAt: at };
    return this.day.date;
  }

  private unindex(agent: AgentRecord): void {
    if (agent.state === "ready") for (const skill of agent.skills.keys()) this.readyBySkill.get(skill)?.delete(agent);
    if (agent.state !== "logged-out") for (const skill of agent.skills.keys()) this.loggedInBySkill.set(skill, (this.loggedInBySkill.get(skill) ?? 1) - 1);
    if (isOnBreak(agent.state, agent.reason)) for (const group of agent.groups) this.groupOf(group).onBreak--;
  }

  private index(agent: AgentRecord): void {
    if (agent.state === "ready") {
      for (const skill of agent.skills.keys()) {
        let ready = this.readyBySkill.get(skill);

        if (!ready) this.readyBySkill.set(skill, (ready = new Set()));
        ready.add(agent);
      }
    }
    if (agent.state !== "logged-out") for (const skill of agent.skills.keys()) this.loggedInBySkill.set(skill, (this.loggedInBySkill.get(skill) ?? 0) + 1);
    if (isOnBreak(agent.state, agent.reason)) for (const group of agent.groups) this.groupOf(group).onBreak++;
  }

  private groupOf(id: string): GroupRecord {
    let group = this.groups.get(id);

    if (!group) this.groups.set(id, (group = { config: { id }, onBreak: 0 }));
    return group;
  }

  private queueCall(event: Extract<AcdEvent, { type: "call.queued" }>): void {
    const queue = this.queues.get(event.queue)!;
    const last = event.caller === undefined ? undefined : this.lastAgents.get(event.caller);
    const window = queue.config.lastAgentWindowMs ?? DEFAULT_LAST_AGENT_WINDOW_MS;
    const call: CallRecord = {
      id: event.callId,
      queue,
      caller: event.caller,
      priority: event.priority,
      skill: event.skill,
      region: event.region,
      data: event.data,
      strategies: event.strategies,
      since: event.since,
      queuedAt: event.at,
      order: ++this.arrivals,
      state: "waiting",
      agentId: undefined,
      connectedAt: undefined,
      held: false,
      bucket: undefined,
      heapIndex: -1,
      dedicatedAgent: event.caller === undefined ? undefined : queue.config.dedicatedAgents?.[event.caller],
      lastAgent: last !== undefined && event.at - last.at <= window ? last.agentId : undefined,
    };

    this.calls.set(call.id, call);
    this.enterBucket(call);
  }

  private enterBucket(call: CallRecord): void {
    const key = `${call.skill}\u0000${call.region ?? ""}`;
    let bucket = call.queue.buckets.get(key);

    if (!bucket) {
      bucket = { queue: call.queue, skill: call.skill, region: call.region ?? "", heap: new IndexedHeap(callOrder(call.queue.strategies)) };
      call.queue.buckets.set(key, bucket);
      let buckets = this.bucketsBySkill.get(call.skill);

      if (!buckets) this.bucketsBySkill.set(call.skill, (buckets = []));
      buckets.push(bucket);
    }
    bucket.heap.push(call);
    call.bucket = bucket;
    call.state = "waiting";
    call.queue.waiting++;
    for (const agentId of [call.dedicatedAgent, call.lastAgent]) {
      if (agentId === undefined) continue;
      let preferred = this.preferredCalls.get(agentId);

      if (!preferred) this.preferredCalls.set(agentId, (preferred = new Set()));
      preferred.add(call);
    }
  }

  private leaveBucket(call: CallRecord): void {
    if (call.state !== "waiting" || !call.bucket) return;
    call.bucket.heap.remove(call);
    call.bucket = undefined;
    call.queue.waiting--;
    for (const agentId of [call.dedicatedAgent, call.lastAgent]) if (agentId !== undefined) this.preferredCalls.get(agentId)?.delete(call);
  }

  private releaseAgentOf(call: CallRecord): void {
    const agent = call.agentId === undefined ? undefined : this.agents.get(call.agentId);

    if (agent && agent.callId === call.id) agent.callId = undefined;
    call.agentId = undefined;
  }

  private connect(call: CallRecord, agentId: string, at: number): void {
    const agent = this.agents.get(agentId)!;

    call.state = "connected";
    call.connectedAt = at;
    if (agent.today.date !== this.localDate(at)) agent.today = emptyDayCounters(this.localDate(at));
    agent.today.callsAnswered++;
    recordOutcome(call.queue, at, at - call.queuedAt, true);
    if (call.caller !== undefined) this.lastAgents.set(call.caller, { agentId, at });
    call.queue.delivered++;
    for (const group of agent.groups) call.queue.deliveredByGroup.set(group, (call.queue.deliveredByGroup.get(group) ?? 0) + 1);
  }

  // The call leaves its agent as at the end of a call. A transfer to an agent or a queue brings
  // it back with a `call.queued` event of its own.
  private transferCall(event: Extract<AcdEvent, { type: "call.transferred" }>): void {
    const call = this.calls.get(event.callId)!;
    const agent = this.agents.get(event.agentId);

    if (agent) {
      agent.lastQueue = call.queue.config.id;
      if (event.target.type === "external") this.todayOf(agent, event.at).callsMade++;
    }
    if (call.connectedAt !== undefined) recordHandleTime(call.queue, event.at - call.connectedAt);
    this.removeCall(call);
  }

  // The agent's counters of the day of `at`, started afresh on a new day.
  private todayOf(agent: AgentRecord, at: number): AgentRecord["today"] {
    const date = this.localDate(at);

    if (agent.today.date !== date) agent.today = emptyDayCounters(date);
    return agent.today;
  }

  private removeCall(call: CallRecord): void {
    this.leaveBucket(call);
    this.releaseAgentOf(call);
    this.calls.delete(call.id);
  }
}
