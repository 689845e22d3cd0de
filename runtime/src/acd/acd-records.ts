import type { HeapItem, IndexedHeap } from "./indexed-heap.js";
import type { AgentConfig, AgentState, GroupConfig, QueueConfig, Strategy } from "./acd-types.js";

/** An agent as the engine keeps it. */
export interface AgentRecord {
  readonly id: string;
  /** Skills as configured or changed for good. */
  baseSkills: Map<string, number>;
  /** A supervisor's changes until the agent's next login; `null` removes a skill for that time. */
  temporarySkills: Map<string, number | null>;
  /** Base skills with the temporary changes applied: what matching uses. */
  skills: Map<string, number>;
  groups: string[];
  site: string | undefined;
  /** Dial string of the agent's phone; see {@link AgentConfig.endpoint}. */
  endpoint: string | undefined;
  state: AgentState;
  /** Time of the last state change, epoch milliseconds. */
  stateSince: number;
  /** Reason code of `not-ready`, or the reason of a forced change. */
  reason: string | undefined;
  forcedBy: string | undefined;
  /** Counter value when the agent last became ready: lower has waited longer. */
  readyOrder: number;
  /** Call offered to or connected with the agent. */
  callId: string | undefined;
  /** Queue of the agent's last call, whose wrap-up time applies. */
  lastQueue: string | undefined;
  /** The agent's counters of the current local day, for the agent console. */
  today: AgentDayCounters;
}

/** An agent's counters of one local day; times are milliseconds of states that ended that day. */
export interface AgentDayCounters {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  callsAnswered: number;
  /** Outbound calls the agent placed, such as transfers to an external number. */
  callsMade: number;
  talkMs: number;
  readyMs: number;
  notReadyMs: number;
  wrapUpMs: number;
}

/** Adds `ms` spent in `state` to the counters; states without a counter are not counted. */
export function addStateTime(counters: AgentDayCounters, state: AgentState, ms: number): void {
  if (state === "on-call") counters.talkMs += ms;
  else if (state === "ready") counters.readyMs += ms;
  else if (state === "not-ready") counters.notReadyMs += ms;
  else if (state === "wrap-up") counters.wrapUpMs += ms;
}

/** Creates zeroed counters of a day. */
export function emptyDayCounters(date: string): AgentDayCounters {
  return { date, callsAnswered: 0, callsMade: 0, talkMs: 0, readyMs: 0, notReadyMs: 0, wrapUpMs: 0 };
}

/** A bucket of waiting calls with the same queue, skill and region, ordered by the queue's strategies. */
export interface Bucket {
  readonly queue: QueueRecord;
  readonly skill: string;
  readonly region: string;
  heap: IndexedHeap<CallRecord>;
}

/** States of a call inside the engine; a call that ended, overflowed or was abandoned is removed. */
export type CallState = "waiting" | "offered" | "routing" | "connected";

/** A call as the engine keeps it. */
export interface CallRecord extends HeapItem {
  readonly id: string;
  queue: QueueRecord;
  caller: string | undefined;
  priority: number;
  skill: string;
  region: string | undefined;
  data: Record<string, unknown>;
  /** The routing flow's strategies for this call, or undefined for the queue's. */
  strategies: Strategy[] | undefined;
  /** Time the call first joined a queue. */
  since: number;
  /** Time the call joined its current queue. */
  queuedAt: number;
  /** First-come-first-served order: lower goes first; a call put back at the head gets a negative one. */
  order: number;
  state: CallState;
  agentId: string | undefined;
  /** Time the call was connected to its agent. */
  connectedAt: number | undefined;
  /** The agent put the connected call on hold. */
  held: boolean;
  bucket: Bucket | undefined;
  /** The caller's dedicated agent from the queue's table, for `customer-agent`. */
  dedicatedAgent: string | undefined;
  /** The agent who last served the caller within the queue's window, for `last-agent`. */
  lastAgent: string | undefined;
}

/** A queue as the engine keeps it. */
export interface QueueRecord {
  config: QueueConfig;
  strategies: Strategy[];
  buckets: Map<string, Bucket>;
  waiting: number;
  /** Calls connected to an agent, in total and per agent group, for `percentage`. */
  delivered: number;
  deliveredByGroup: Map<string, number>;
  /** Mean milliseconds from connection to end of the queue's calls, weighting recent calls more; 0 before the first. */
  averageHandleMs: number;
  /** Calls that left the queue in the last hour, oldest first: answered after `waitMs`, or abandoned. */
  recentOutcomes: Array<{ at: number; waitMs: number; answered: boolean }>;
}

/** How long a queue keeps the outcomes of its calls for service level and abandon rate, in milliseconds. */
export const RECENT_OUTCOMES_MS = 60 * 60 * 1000;

/** A group as the engine keeps it. */
export interface GroupRecord {
  config: GroupConfig;
  onBreak: number;
}

/** Default strategies of a queue that lists none. */
export const DEFAULT_STRATEGIES: readonly Strategy[] = ["customer-priority", "fcfs", "longest-idle"];

/** Builds the effective skills: base skills with temporary changes applied. */
export function effectiveSkills(agent: Pick<AgentRecord, "baseSkills" | "temporarySkills">): Map<string, number> {
  const skills = new Map(agent.baseSkills);

  for (const [skill, level] of agent.temporarySkills) {
    if (level === null) skills.delete(skill);
    else skills.set(skill, level);
  }
  return skills;
}

/** Creates the record of a newly configured agent, logged out. */
export function newAgentRecord(config: AgentConfig, at: number): AgentRecord {
  const baseSkills = new Map(Object.entries(config.skills));

  return {
    id: config.id,
    baseSkills,
    temporarySkills: new Map(),
    skills: new Map(baseSkills),
    groups: config.groups ?? [],
    site: config.site,
    endpoint: config.endpoint,
    state: "logged-out",
    stateSince: at,
    reason: undefined,
    forcedBy: undefined,
    readyOrder: 0,
    callId: undefined,
    lastQueue: undefined,
    today: emptyDayCounters(""),
  };
}
