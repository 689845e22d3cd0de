import { ACD_STRATEGIES, type AcdOverflowTarget, type AcdStrategy, type AcdTransferTarget } from "@callflow/nodes";

/** States of an agent. `reserved` means a call is offered to the agent and rings. */
export const AGENT_STATES = ["logged-out", "ready", "not-ready", "reserved", "on-call", "wrap-up"] as const;

export type AgentState = (typeof AGENT_STATES)[number];

/**
 * Distribution strategies. A queue (or one call, from its routing flow) lists them in order;
 * candidates are ranked by the first, ties by the next, and so on. Some rank agents for a call
 * (`longest-idle`, `skill-level`, `last-agent`, `customer-agent`, `percentage`, `geographic`),
 * some rank calls for an agent (`fcfs`, `service-priority`, `customer-priority`, `geographic`).
 * The routing nodes declare the list, so that flows and the engine share it.
 */
export const STRATEGIES = ACD_STRATEGIES;

export type Strategy = AcdStrategy;

/** Destination of an overflowing call: another queue, an IVR flow (by name) or voicemail. */
export type OverflowTarget = AcdOverflowTarget;

/** Destination of a connected call that its agent transfers: an agent, a queue, an IVR flow or an external number. */
export type TransferTarget = AcdTransferTarget;

/** Conditions that move a call out of its queue. */
export const OVERFLOW_REASONS = ["max-wait", "max-queue-length", "no-agent-logged-in", "no-agent-ready"] as const;

export type OverflowReason = (typeof OVERFLOW_REASONS)[number];

/** Overflow rules of a queue; each rule that is set names its own target. */
export interface OverflowRules {
  /** Milliseconds a call may wait before it overflows. */
  maxWait?: { ms: number; target: OverflowTarget };
  /** Waiting calls at which a new call overflows instead of joining. */
  maxQueueLength?: { calls: number; target: OverflowTarget };
  /** A new call overflows when no agent with its skill is logged in, and waiting calls overflow when the last one logs out. */
  noAgentLoggedIn?: { target: OverflowTarget };
  /** A new call overflows when no agent with its skill is ready. */
  noAgentReady?: { target: OverflowTarget };
}

/** Settings of a queue. */
export interface QueueConfig {
  id: string;
  /** Skill that agents need for the queue's calls, unless a call names another. */
  skill: string;
  /** Higher is served first by agents who serve several queues. Default 0. */
  servicePriority?: number;
  /** Strategies in order. Default `["customer-priority", "fcfs", "longest-idle"]`. */
  strategies?: Strategy[];
  /** Milliseconds an offer rings before it counts as not answered. Default 20,000. */
  ringTimeoutMs?: number;
  /** Milliseconds of after-call work before the agent is ready again. Default 0. */
  wrapUpMs?: number;
  /** How long an agent counts as a caller's last agent, in milliseconds. Default 24 hours. */
  lastAgentWindowMs?: number;
  /** Caller number → customer priority, for `customer-priority`. */
  vipNumbers?: Record<string, number>;
  /** Caller number → agent id of dedicated agents, for `customer-agent`. */
  dedicatedAgents?: Record<string, string>;
  /** Shares of the queue's calls per agent group, in percent, for `percentage`. */
  groupShares?: Array<{ group: string; percent: number }>;
  overflow?: OverflowRules;
}

/** Settings of a logical group of agents, independent of skills. */
export interface GroupConfig {
  id: string;
  /** Agents of the group who may be on break at once. Default: no limit. */
  maxOnBreak?: number;
}

/** Settings of an agent. */
export interface AgentConfig {
  id: string;
  /** Skill name → level, 1 (lowest) to 10. */
  skills: Record<string, number>;
  groups?: string[];
  /** Site of the agent, matched with the caller's region by `geographic`. */
  site?: string;
  /** Dial string of the agent's phone, such as `PJSIP/1001`, dialed and bridged with the caller on accept. */
  endpoint?: string;
}

/** A request to queue a call for an agent. */
export interface CallRequest {
  id: string;
  queue: string;
  /** Caller number, for the VIP table, dedicated and last agents. */
  caller?: string;
  /** Customer priority; higher is served first. Default: from the VIP table or the lookup, else 0. */
  priority?: number;
  /** Skill needed; default the queue's. */
  skill?: string;
  /** Region of the caller, matched with the agent's site by `geographic`. */
  region?: string;
  /** Data the IVR collected, shown to the agent with the offer. */
  data?: Record<string, unknown>;
  /** Strategies of the routing flow for this call, in place of the queue's. */
  strategies?: Strategy[];
}

/** Reason codes of not-ready that count as a break for a group's limit. */
export const BREAK_REASONS: ReadonlySet<string> = new Set(["break", "lunch"]);

/** Reason code the engine gives an agent who let an offer ring unanswered. */
export const RING_NO_ANSWER_REASON = "ring-no-answer";
