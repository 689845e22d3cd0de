import { silentLogger, type Clock, type Logger, type TimerHandle } from "@callflow/sdk";

import { agentConfigSchema, callRequestSchema, groupConfigSchema, parseAcdInput, queueConfigSchema } from "./acd-config.js";
import { AcdError } from "./acd-error.js";
import type { AcdEvent, AcdEventInput } from "./acd-events.js";
import type { AgentRecord, CallRecord, QueueRecord } from "./acd-records.js";
import { AcdState } from "./acd-state.js";
import { BREAK_REASONS, RING_NO_ANSWER_REASON, type OverflowReason, type OverflowTarget, type TransferTarget } from "./acd-types.js";
import { bestAgentFor, bestCallFor } from "./matcher.js";

/** Options of an {@link AcdEngine}. */
export interface AcdEngineOptions {
  /** The sdk's VirtualClock in tests, the real clock in service. */
  clock: Clock;
  /**
   * Customer priority of a caller in a queue, for callers that are not in the queue's VIP table
   * and whose request names no priority. It must return at once: a database lookup belongs
   * before the call is queued, such as in its routing flow.
   */
  priorityLookup?: (caller: string, queue: string) => number | undefined;
  logger?: Logger;
  /** IANA time zone of the agents' day counters, such as Asia/Taipei. Default UTC. */
  timeZone?: string;
}

/** Outcome of a request to queue a call. */
export type QueueOutcome =
  | { outcome: "offered"; agentId: string; queue: string }
  | { outcome: "waiting"; queue: string }
  | { outcome: "overflowed"; reason: OverflowReason; target: OverflowTarget };

/** Ring time of an offer when the queue sets no `ringTimeoutMs`. */
export const DEFAULT_RING_TIMEOUT_MS = 20_000;

/**
 * One tenant's automatic call distribution: queues, agents and waiting calls, matched as soon
 * as a call arrives or an agent becomes free. Every decision is synchronous and ends in events,
 * which change the state (see {@link AcdState}) and go to the listeners, such as the writer of
 * the event log. Timers (ringing, wrap-up, maximum wait) run on the injected clock.
 */
export class AcdEngine {
  readonly state: AcdState;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly priorityLookup: AcdEngineOptions["priorityLookup"];
  private readonly listeners = new Set<(event: AcdEvent) => void>();
  private readonly ringTimers = new Map<string, TimerHandle>();
  private readonly waitTimers = new Map<string, TimerHandle>();
  private readonly wrapUpTimers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(options: AcdEngineOptions) {
    this.clock = options.clock;
    this.state = new AcdState(options.timeZone);
    this.logger = options.logger ?? silentLogger;
    this.priorityLookup = options.priorityLookup;
  }

  /** Adds a listener of every event; returns the function that removes it. */
  onEvent(listener: (event: AcdEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds or changes a queue; waiting calls follow its new order. */
  configureQueue(config: unknown): void {
    const queue = parseAcdInput(queueConfigSchema, config, "queue");

    this.emit({ type: "queue.configured", queue });
  }

  /** Adds or changes a group of agents. */
  configureGroup(config: unknown): void {
    this.emit({ type: "group.configured", group: parseAcdInput(groupConfigSchema, config, "group") });
  }

  /** Adds an agent, logged out, or changes its skills, groups and site at once. */
  configureAgent(config: unknown): void {
    const agent = parseAcdInput(agentConfigSchema, config, "agent");

    this.emit({ type: "agent.configured", agent });
    this.afterSkillChange(this.agentOf(agent.id));
  }

  /** Logs an agent in, not ready with reason `login` unless `ready`. Temporary skill changes lapse here. */
  login(agentId: string, options: { ready?: boolean } = {}): void {
    const agent = this.agentOf(agentId);

    if (agent.state !== "logged-out") throw invalidState(agent, "log in");
    this.setState(agent, options.ready ? "ready" : "not-ready", options.ready ? undefined : "login");
  }

  /** Makes an agent ready from not ready or wrap-up, and offers it a waiting call at once. */
  setReady(agentId: string, forcedBy?: string): void {
    const agent = this.agentOf(agentId);

    if (agent.state !== "not-ready" && agent.state !== "wrap-up") throw invalidState(agent, "become ready");
    this.setState(agent, "ready", forcedBy ? "forced" : undefined, forcedBy);
  }

  /**
   * Makes an agent not ready with a reason code and returns whether that was granted. A break
   * reason (`break`, `lunch`) is granted only while each of the agent's groups has fewer agents
   * on break than its `maxOnBreak`. A rejected request is recorded and leaves the agent as it was.
   */
  setNotReady(agentId: string, reason: string, forcedBy?: string): boolean {
    const agent = this.agentOf(agentId);

    if (agent.state === "logged-out" || agent.state === "on-call") throw invalidState(agent, "become not ready");
    if (BREAK_REASONS.has(reason) && forcedBy === undefined && !this.breakAllowed(agent, reason)) return false;
    const call = this.withdrawOffer(agent, "agent-not-ready");

    this.setState(agent, "not-ready", reason, forcedBy);
    if (call) this.routeCall(call);
    return true;
  }

  /** Logs an agent out; a call offered to it goes to another agent or back to the head of its queue. */
  logout(agentId: string, forcedBy?: string): void {
    const agent = this.agentOf(agentId);

    if (agent.state === "logged-out") return;
    if (agent.state === "on-call") throw new AcdError("agent-on-call", `agent ${agentId} is on a call; end the call before logging out`, { agentId });
    const call = this.withdrawOffer(agent, "agent-logged-out");

    this.setState(agent, "logged-out", forcedBy ? "forced" : undefined, forcedBy);
    if (call) this.routeCall(call);
    this.overflowUnstaffed([...agent.skills.keys()]);
  }

  /**
   * Changes one skill of an agent at once; `level` null removes it. A `temporary` change (a
   * supervisor's) lasts until the agent's next login.
   */
  setSkill(agentId: string, skill: string, level: number | null, options: { temporary?: boolean; changedBy?: string } = {}): void {
    const agent = this.agentOf(agentId);

    if (level !== null && (!Number.isInteger(level) || level < 1 || level > 10)) {
      throw new AcdError("invalid-config", `invalid skill level ${level} for ${skill}: use a whole number from 1 to 10, or null to remove the skill`, { skill, level });
    }
    this.emit({ type: "agent.skill", agentId, skill, level, temporary: options.temporary ?? false, changedBy: options.changedBy });
    this.afterSkillChange(agent);
    if (level === null) this.overflowUnstaffed([skill]);
  }

  /** Queues a call: it is offered to the best ready agent at once, waits, or overflows by the queue's rules. */
  enqueue(request: unknown): QueueOutcome {
    const parsed = parseAcdInput(callRequestSchema, request, "call");
    const queue = this.queueOf(parsed.queue);

    if (this.state.calls.has(parsed.id)) throw new AcdError("call-exists", `call ${parsed.id} is already in the ACD; give each call its own id`, { callId: parsed.id });
    const priority = parsed.priority ?? this.priorityOf(queue, parsed.caller);

    this.emit({
      type: "call.queued",
      callId: parsed.id,
      queue: queue.config.id,
      caller: parsed.caller,
      priority,
      skill: parsed.skill ?? queue.config.skill,
      region: parsed.region,
      data: parsed.data ?? {},
      strategies: parsed.strategies,
      since: this.clock.now(),
    });
    return this.placeCall(this.state.calls.get(parsed.id)!, new Set([queue.config.id]));
  }

  /** Accepts the call offered to the agent and connects the two. */
  accept(agentId: string, callId: string): void {
    const agent = this.agentOf(agentId);

    if (agent.state !== "reserved" || agent.callId !== callId) {
      throw new AcdError("offer-not-found", `no offer of call ${callId} to agent ${agentId} is ringing; it was answered, withdrawn or timed out`, { agentId, callId });
    }
    this.clearTimer(this.ringTimers, callId);
    this.emit({ type: "call.connected", callId, agentId });
    this.setState(agent, "on-call", undefined);
  }

  /**
   * Takes back a call that the agent accepted but whose phone did not answer when dialed: the
   * ring-no-answer path, as for an offer that rang out.
   */
  phoneNotAnswered(agentId: string, callId: string): void {
    const agent = this.agentOf(agentId);
    const call = this.state.calls.get(callId);

    if (agent.state !== "on-call" || agent.callId !== callId || call === undefined) throw invalidState(agent, "report an unanswered phone");
    // NOTE: the call still counts as answered in the agent's day counters and the queue's service level.
    this.rerouteUnanswered(call, agent);
  }

  /** Ends the agent's call; the agent goes to wrap-up for the queue's `wrapUpMs`, then is ready. */
  endCall(agentId: string): void {
    const agent = this.agentOf(agentId);

    if (agent.state !== "on-call" || agent.callId === undefined) throw invalidState(agent, "end a call");
    const queue = this.state.calls.get(agent.callId)!.queue;

    this.emit({ type: "call.ended", callId: agent.callId, agentId });
    this.startWrapUp(agent, queue.config.wrapUpMs ?? 0);
  }

  /**
   * Puts the agent's connected call on hold: the node that bridges the agent's phone takes the
   * caller out of the bridge to music on hold. The agent stays on the call.
   */
  holdCall(agentId: string): void {
    const call = this.controllableCallOf(agentId, "hold a call");

    if (call.held) throw new AcdError("invalid-state", `call ${call.id} is already on hold; resume it first`, { agentId, callId: call.id });
    this.emit({ type: "call.held", callId: call.id, agentId });
  }

  /** Takes the agent's call off hold, back into the bridge with the agent's phone. */
  resumeCall(agentId: string): void {
    const call = this.controllableCallOf(agentId, "resume a call");

    if (!call.held) throw new AcdError("invalid-state", `call ${call.id} is not on hold`, { agentId, callId: call.id });
    this.emit({ type: "call.resumed", callId: call.id, agentId });
  }

  /**
   * Transfers the agent's connected call, and the agent goes to wrap-up as after a call. A call
   * for another agent is offered to that agent at once, so that agent must be ready. A call for a
   * queue joins it by the queue's rules and may overflow. A call for a flow or an external number
   * leaves the ACD, and an external number counts as a call the agent made.
   */
  transfer(agentId: string, target: TransferTarget): void {
    const call = this.controllableCallOf(agentId, "transfer a call");
    const agent = this.agentOf(agentId);
    const targetAgent = target.type === "agent" ? this.transferAgentOf(agent, target.agentId) : undefined;
    const targetQueue = target.type === "queue" ? this.queueOf(target.queue) : call.queue;
    const { id, caller, priority, region, data, strategies, since } = call;
    const skill = target.type === "queue" && call.skill === call.queue.config.skill ? targetQueue.config.skill : call.skill;

    this.emit({ type: "call.transferred", callId: id, agentId, target });
    this.startWrapUp(agent, call.queue.config.wrapUpMs ?? 0);
    if (target.type !== "agent" && target.type !== "queue") return;

    this.emit({ type: "call.queued", callId: id, queue: targetQueue.config.id, caller, priority, skill, region, data, strategies, since });
    const queued = this.state.calls.get(id)!;

    if (targetAgent) this.offer(queued, targetAgent);
    else this.placeCall(queued, new Set([targetQueue.config.id]));
  }

  /** Removes a call whose caller hung up while it waited or was offered. */
  abandon(callId: string): void {
    const call = this.state.calls.get(callId);

    if (!call) throw new AcdError("call-not-found", `call ${callId} is not in the ACD`, { callId });
    if (call.state === "connected") throw new AcdError("invalid-state", `call ${callId} is connected to an agent; end it with the agent's endCall`, { callId });
    const agent = call.agentId === undefined ? undefined : this.state.agents.get(call.agentId);

    this.clearTimer(this.ringTimers, callId);
    this.clearTimer(this.waitTimers, callId);
    this.emit({ type: "call.abandoned", callId });
    if (agent?.state === "reserved") this.setState(agent, "ready", undefined);
  }

  /** Time on the engine's clock, epoch milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /** Estimated wait of a new call in the queue, in milliseconds: waiting calls per logged-in agent times the mean handling time. */
  estimatedWaitMs(queueId: string): number {
    const queue = this.queueOf(queueId);
    const agents = this.state.loggedInBySkill.get(queue.config.skill) ?? 0;

    return Math.round(((queue.waiting + 1) / Math.max(1, agents)) * queue.averageHandleMs);
  }

  /** Stops deciding: clears every timer. Later requests fail with `engine-stopped`. */
  stop(): void {
    this.stopped = true;
    for (const timers of [this.ringTimers, this.waitTimers, this.wrapUpTimers]) {
      for (const handle of timers.values()) this.clock.clearTimer(handle);
      timers.clear();
    }
  }

  /**
   * Applies events of the tenant's log, in order, to an engine that has made no decision yet:
   * the rebuild after a restart or a takeover. Call {@link AcdEngine.resume} afterwards.
   */
  replay(events: Iterable<AcdEvent>): void {
    for (const event of events) {
      if (event.seq !== this.state.lastSeq + 1) throw new Error(`ACD event log has a gap: expected seq ${this.state.lastSeq + 1}, read ${event.seq}`);
      this.state.apply(event);
    }
  }

  /**
   * Takes over after a replay. Offers that rang on the previous owner are withdrawn and their
   * calls put back at the head of their queues. Timers are set again for the time that is left,
   * and ready agents are matched with waiting calls. Connected calls stay connected, so none is
   * delivered twice.
   */
  resume(): void {
    const now = this.clock.now();

    for (const call of [...this.state.calls.values()]) {
      if (call.state !== "offered" && call.state !== "routing") continue;
      const agent = call.agentId === undefined ? undefined : this.state.agents.get(call.agentId);

      this.emit({ type: "call.requeued", callId: call.id, reason: "takeover" });
      if (agent?.state === "reserved") this.setState(agent, "ready", "takeover");
    }
    for (const agent of this.state.agents.values()) {
      if (agent.state !== "wrap-up") continue;
      const wrapUpMs = this.state.queues.get(agent.lastQueue ?? "")?.config.wrapUpMs ?? 0;

      this.startWrapUpTimer(agent, Math.max(0, agent.stateSince + wrapUpMs - now));
    }
    for (const call of this.state.calls.values()) if (call.state === "waiting") this.armWaitTimer(call);
    const ready = [...this.state.agents.values()].filter((agent) => agent.state === "ready").sort((a, b) => a.readyOrder - b.readyOrder);

    for (const agent of ready) this.offerWaitingCall(agent);
  }

  private emit(input: AcdEventInput): AcdEvent {
    if (this.stopped) throw new AcdError("engine-stopped", "the ACD engine was stopped, because another instance owns the tenant now or the service is shutting down");
    // Every input is a fresh object literal, so numbering it in place saves a copy per decision.
    const event = input as AcdEvent;

    event.seq = this.state.lastSeq + 1;
    event.at = this.clock.now();

    this.state.apply(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, seq: event.seq, type: event.type }, "an ACD event listener failed; the decision is kept");
      }
    }
    return event;
  }

  private agentOf(agentId: string): AgentRecord {
    const agent = this.state.agents.get(agentId);

    if (!agent) throw new AcdError("agent-not-found", `agent ${agentId} is not configured; add it with configureAgent first`, { agentId });
    return agent;
  }

  // The agent's connected call, when the agent's phone is dialed by the call's node: only then
  // can the console hold or transfer the voice path.
  private controllableCallOf(agentId: string, action: string): CallRecord {
    const agent = this.agentOf(agentId);
    const call = agent.callId === undefined ? undefined : this.state.calls.get(agent.callId);

    if (agent.state !== "on-call" || call === undefined) throw invalidState(agent, action);
    if (agent.endpoint === undefined) {
      throw new AcdError("invalid-state", `agent ${agentId} has no phone endpoint, so its calls cannot be held or transferred from the console; set the agent's endpoint`, { agentId });
    }
    return call;
  }

  private transferAgentOf(from: AgentRecord, targetId: string): AgentRecord {
    const target = this.agentOf(targetId);

    if (target === from) throw new AcdError("invalid-state", `agent ${targetId} cannot transfer a call to itself; pick another agent or a queue`, { agentId: targetId });
    if (target.state !== "ready") throw new AcdError("invalid-state", `agent ${targetId} is ${target.state}, not ready; transfer to a ready agent or to a queue`, { agentId: targetId, state: target.state });
    return target;
  }

  private queueOf(queueId: string): QueueRecord {
    const queue = this.state.queues.get(queueId);

    if (!queue) throw new AcdError("queue-not-found", `queue ${queueId} is not configured; add it with configureQueue first`, { queue: queueId });
    return queue;
  }

  private priorityOf(queue: QueueRecord, caller: string | undefined): number {
    if (caller === undefined) return 0;
    return queue.config.vipNumbers?.[caller] ?? this.priorityLookup?.(caller, queue.config.id) ?? 0;
  }

  private setState(agent: AgentRecord, state: AgentRecord["state"], reason: string | undefined, forcedBy?: string): void {
    this.clearTimer(this.wrapUpTimers, agent.id);
    this.emit({ type: "agent.state", agentId: agent.id, state, reason, forcedBy });
    if (state === "ready") this.offerWaitingCall(agent);
  }

  private breakAllowed(agent: AgentRecord, reason: string): boolean {
    for (const groupId of agent.groups) {
      const limit = this.state.groups.get(groupId)?.config.maxOnBreak;
      const onBreak = this.state.onBreak(groupId);

      if (limit !== undefined && onBreak >= limit) {
        this.emit({ type: "agent.break-rejected", agentId: agent.id, reason, group: groupId, onBreak });
        return false;
      }
    }
    return true;
  }

  // Withdraws the call that rings at a reserved agent and returns it, waiting again at the head.
  private withdrawOffer(agent: AgentRecord, reason: "agent-logged-out" | "agent-not-ready"): CallRecord | undefined {
    if (agent.state !== "reserved" || agent.callId === undefined) return undefined;
    const call = this.state.calls.get(agent.callId)!;

    this.clearTimer(this.ringTimers, call.id);
    this.emit({ type: "call.requeued", callId: call.id, reason });
    this.armWaitTimer(call);
    return call;
  }

  // A waiting call looks for an agent again (after its offer was withdrawn).
  private routeCall(call: CallRecord): void {
    const agent = bestAgentFor(this.state, call);

    if (agent) this.offer(call, agent);
  }

  private afterSkillChange(agent: AgentRecord): void {
    if (agent.state === "ready") this.offerWaitingCall(agent);
  }

  private offerWaitingCall(agent: AgentRecord): void {
    const call = bestCallFor(this.state, agent);

    if (call) this.offer(call, agent);
  }

  private offer(call: CallRecord, agent: AgentRecord): void {
    this.emit({ type: "call.offered", callId: call.id, agentId: agent.id });
    this.setState(agent, "reserved", undefined);
    this.ringTimers.set(
      call.id,
      this.clock.setTimer(call.queue.config.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS, () => this.ringNoAnswer(call.id, agent.id)),
    );
  }

  // An offer rang out: the agent becomes not ready, so that the call goes to another ready agent
  // or, when there is none, back to the head of its queue.
  private ringNoAnswer(callId: string, agentId: string): void {
    this.ringTimers.delete(callId);
    const call = this.state.calls.get(callId);
    const agent = this.state.agents.get(agentId);

    if (!call || call.agentId !== agentId || !agent) return;
    this.rerouteUnanswered(call, agent);
  }

  // The agent becomes not ready, and the call goes to another ready agent or back to the head of its queue.
  private rerouteUnanswered(call: CallRecord, agent: AgentRecord): void {
    this.emit({ type: "call.ring-no-answer", callId: call.id, agentId: agent.id });
    this.setState(agent, "not-ready", RING_NO_ANSWER_REASON);
    const next = bestAgentFor(this.state, call);

    if (next) {
      this.offer(call, next);
      return;
    }
    this.emit({ type: "call.requeued", callId: call.id, reason: "ring-no-answer" });
    this.armWaitTimer(call);
  }

  // Checks a call that has just joined a queue against the queue's rules, then offers it or lets it wait.
  private placeCall(call: CallRecord, visited: Set<string>): QueueOutcome {
    const overflow = this.overflowOnArrival(call);
    const moved = overflow && this.tryOverflow(call, overflow.reason, overflow.target, visited);

    if (moved) return moved;
    const agent = bestAgentFor(this.state, call);

    if (agent) {
      this.offer(call, agent);
      return { outcome: "offered", agentId: agent.id, queue: call.queue.config.id };
    }
    this.armWaitTimer(call);
    return { outcome: "waiting", queue: call.queue.config.id };
  }

  private overflowOnArrival(call: CallRecord): { reason: OverflowReason; target: OverflowTarget } | undefined {
    const rules = call.queue.config.overflow;

    if (!rules) return undefined;
    if (rules.maxQueueLength && call.queue.waiting - 1 >= rules.maxQueueLength.calls) return { reason: "max-queue-length", target: rules.maxQueueLength.target };
    if (rules.noAgentLoggedIn && (this.state.loggedInBySkill.get(call.skill) ?? 0) === 0) return { reason: "no-agent-logged-in", target: rules.noAgentLoggedIn.target };
    if (rules.noAgentReady && (this.state.readyBySkill.get(call.skill)?.size ?? 0) === 0) return { reason: "no-agent-ready", target: rules.noAgentReady.target };
    return undefined;
  }

  // Moves a call on and returns where it ended up. A target queue that the call has already been
  // in during this overflow is skipped, and the call stays where it is, so that two queues that
  // overflow to each other cannot pass a call back and forth forever.
  private tryOverflow(call: CallRecord, reason: OverflowReason, target: OverflowTarget, visited: Set<string>): QueueOutcome | undefined {
    if (target.type === "queue" && (visited.has(target.queue) || !this.state.queues.has(target.queue))) {
      this.logger.warn({ callId: call.id, queue: call.queue.config.id, target: target.queue }, "ACD overflow target queue is missing or already visited; the call stays");
      return undefined;
    }
    const { id, caller, priority, region, data, strategies, since } = call;
    const skillWasQueueSkill = call.skill === call.queue.config.skill;

    this.clearTimer(this.waitTimers, id);
    this.emit({ type: "call.overflowed", callId: id, queue: call.queue.config.id, reason, target });
    if (target.type !== "queue") return { outcome: "overflowed", reason, target };

    const next = this.state.queues.get(target.queue)!;
    this.emit({
      type: "call.queued",
      callId: id,
      queue: next.config.id,
      caller,
      priority,
      skill: skillWasQueueSkill ? next.config.skill : call.skill,
      region,
      data,
      strategies,
      since,
    });
    visited.add(next.config.id);
    return this.placeCall(this.state.calls.get(id)!, visited);
  }

  private armWaitTimer(call: CallRecord): void {
    const rule = call.queue.config.overflow?.maxWait;

    if (!rule) return;
    const delay = Math.max(0, call.queuedAt + rule.ms - this.clock.now());

    this.clearTimer(this.waitTimers, call.id);
    this.waitTimers.set(
      call.id,
      this.clock.setTimer(delay, () => this.maxWaitReached(call.id)),
    );
  }

  private maxWaitReached(callId: string): void {
    this.waitTimers.delete(callId);
    const call = this.state.calls.get(callId);
    const rule = call?.queue.config.overflow?.maxWait;

    if (!call || !rule) return;
    // An offered call is left to its agent; if the offer fails it comes back here.
    if (call.state !== "waiting") return;
    this.tryOverflow(call, "max-wait", rule.target, new Set([call.queue.config.id]));
  }

  // Waiting calls whose queues overflow when no agent is logged in, for skills that lost their last agent.
  private overflowUnstaffed(skills: string[]): void {
    for (const skill of skills) {
      if ((this.state.loggedInBySkill.get(skill) ?? 0) > 0) continue;
      for (const bucket of this.state.bucketsBySkill.get(skill) ?? []) {
        const rule = bucket.queue.config.overflow?.noAgentLoggedIn;

        if (!rule) continue;
        for (const call of [...bucket.heap.values()]) this.tryOverflow(call, "no-agent-logged-in", rule.target, new Set([call.queue.config.id]));
      }
    }
  }

  private startWrapUp(agent: AgentRecord, wrapUpMs: number): void {
    if (wrapUpMs === 0) {
      this.setState(agent, "ready", undefined);
      return;
    }
    this.setState(agent, "wrap-up", undefined);
    this.startWrapUpTimer(agent, wrapUpMs);
  }

  private startWrapUpTimer(agent: AgentRecord, delayMs: number): void {
    this.wrapUpTimers.set(
      agent.id,
      this.clock.setTimer(delayMs, () => {
        this.wrapUpTimers.delete(agent.id);
        if (agent.state === "wrap-up") this.setState(agent, "ready", undefined);
      }),
    );
  }

  private clearTimer(timers: Map<string, TimerHandle>, key: string): void {
    const handle = timers.get(key);

    if (handle === undefined) return;
    this.clock.clearTimer(handle);
    timers.delete(key);
  }
}

function invalidState(agent: AgentRecord, action: string): AcdError {
  return new AcdError("invalid-state", `agent ${agent.id} cannot ${action} while ${agent.state}`, { agentId: agent.id, state: agent.state, action });
}
