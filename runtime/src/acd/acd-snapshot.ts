import type { AcdEngine } from "./acd-engine.js";
import { addStateTime, emptyDayCounters, type AgentDayCounters, type AgentRecord } from "./acd-records.js";

/** An agent as the agent console and the supervisor's grid show it. */
export interface AgentView {
  id: string;
  state: string;
  reason: string | null;
  forcedBy: string | null;
  /** Milliseconds in the current state. */
  timeInStateMs: number;
  skills: Record<string, number>;
  groups: string[];
  /** Calls answered and time in each state today, counting the current state up to now. */
  today: AgentDayCounters;
  /** The call offered to or connected with the agent, with its data packet. */
  call: { id: string; queue: string; caller: string | null; data: Record<string, unknown>; state: string; held: boolean } | null;
}

/** A queue as the supervisor's view shows it. */
export interface QueueView {
  id: string;
  waiting: number;
  /** Milliseconds the oldest waiting call has waited; 0 when none waits. */
  longestWaitMs: number;
  estimatedWaitMs: number;
  agentsReady: number;
  agentsLoggedIn: number;
  /** Share of the calls that left the queue in the window that were answered within the threshold, 0 to 1; null when none left. */
  serviceLevel: number | null;
  /** Share of the calls that left the queue in the window that were abandoned, 0 to 1; null when none left. */
  abandonRate: number | null;
}

/** Window and threshold of the service level. */
export interface ServiceLevelSettings {
  /** Answered within this many milliseconds counts as served in time. Default 20,000. */
  answeredWithinMs?: number;
  /** Calls that left the queue this many milliseconds back count, at most an hour. Default 300,000. */
  windowMs?: number;
}

// The agent's counters of today with the time of its current state added. A state that began
// before midnight counts wholly for today.
function todayWithCurrentState(engine: AcdEngine, agent: AgentRecord): AgentDayCounters {
  const now = engine.now();
  const date = engine.state.localDate(now);
  const today = agent.today.date === date ? { ...agent.today } : emptyDayCounters(date);

  addStateTime(today, agent.state, now - agent.stateSince);
  return today;
}

/** Describes one agent now, or returns undefined when the engine has no such agent. */
export function viewAgent(engine: AcdEngine, agentId: string): AgentView | undefined {
  const agent = engine.state.agents.get(agentId);

  if (!agent) return undefined;
  const call = agent.callId === undefined ? undefined : engine.state.calls.get(agent.callId);

  return {
    id: agent.id,
    state: agent.state,
    reason: agent.reason ?? null,
    forcedBy: agent.forcedBy ?? null,
    timeInStateMs: engine.now() - agent.stateSince,
    skills: Object.fromEntries(agent.skills),
    groups: agent.groups,
    today: todayWithCurrentState(engine, agent),
    call: call ? { id: call.id, queue: call.queue.config.id, caller: call.caller ?? null, data: call.data, state: call.state, held: call.held } : null,
  };
}

/** Describes one queue now; throws `queue-not-found` for an unknown queue. */
export function viewQueue(engine: AcdEngine, queueId: string, settings: ServiceLevelSettings = {}): QueueView {
  const estimatedWaitMs = engine.estimatedWaitMs(queueId);
  const queue = engine.state.queues.get(queueId)!;
  const since = engine.now() - (settings.windowMs ?? 300_000);
  const recent = queue.recentOutcomes.filter((outcome) => outcome.at >= since);
  const inTime = recent.filter((outcome) => outcome.answered && outcome.waitMs <= (settings.answeredWithinMs ?? 20_000)).length;
  const abandoned = recent.filter((outcome) => !outcome.answered).length;
  let oldest = Infinity;

  for (const bucket of queue.buckets.values()) for (const call of bucket.heap.values()) oldest = Math.min(oldest, call.queuedAt);
  return {
    id: queueId,
    waiting: queue.waiting,
    longestWaitMs: oldest === Infinity ? 0 : engine.now() - oldest,
    estimatedWaitMs,
    agentsReady: engine.state.readyBySkill.get(queue.config.skill)?.size ?? 0,
    agentsLoggedIn: engine.state.loggedInBySkill.get(queue.config.skill) ?? 0,
    serviceLevel: recent.length === 0 ? null : inTime / recent.length,
    abandonRate: recent.length === 0 ? null : abandoned / recent.length,
  };
}

/** Describes every queue and agent now, for the supervisor. */
export function viewCentre(engine: AcdEngine, settings: ServiceLevelSettings = {}): { queues: QueueView[]; agents: AgentView[] } {
  return {
    queues: [...engine.state.queues.keys()].map((id) => viewQueue(engine, id, settings)),
    agents: [...engine.state.agents.keys()].map((id) => viewAgent(engine, id)!),
  };
}
