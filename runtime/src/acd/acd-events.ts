import type { AgentConfig, AgentState, GroupConfig, OverflowReason, OverflowTarget, QueueConfig, Strategy, TransferTarget } from "./acd-types.js";

/** Fields that every ACD event carries. */
interface EventBase {
  /** Position in the tenant's event log, from 1 without gaps. */
  seq: number;
  /** Time of the decision on the engine's clock, epoch milliseconds. */
  at: number;
}

/**
 * The changes of an ACD's queues, calls and agents. The engine changes its state only by
 * applying these, so that replaying a tenant's log rebuilds the same state.
 */
export type AcdEvent = EventBase &
  (
    | { type: "queue.configured"; queue: QueueConfig }
    | { type: "group.configured"; group: GroupConfig }
    | { type: "agent.configured"; agent: AgentConfig }
    | { type: "agent.state"; agentId: string; state: AgentState; reason?: string; forcedBy?: string }
    | { type: "agent.skill"; agentId: string; skill: string; level: number | null; temporary: boolean; changedBy?: string }
    | { type: "agent.break-rejected"; agentId: string; reason: string; group: string; onBreak: number }
    | {
        type: "call.queued";
        callId: string;
        queue: string;
        caller?: string;
        priority: number;
        skill: string;
        region?: string;
        data: Record<string, unknown>;
        strategies?: Strategy[];
        /** Time the call first joined any queue, kept when it overflows to another. */
        since: number;
      }
    | { type: "call.offered"; callId: string; agentId: string }
    | { type: "call.ring-no-answer"; callId: string; agentId: string }
    | { type: "call.requeued"; callId: string; reason: "ring-no-answer" | "agent-logged-out" | "agent-not-ready" | "takeover" }
    | { type: "call.connected"; callId: string; agentId: string }
    | { type: "call.ended"; callId: string; agentId: string }
    | { type: "call.held"; callId: string; agentId: string }
    | { type: "call.resumed"; callId: string; agentId: string }
    /** The agent handed the call on; a transfer to an agent or a queue is followed by the call's `call.queued`. */
    | { type: "call.transferred"; callId: string; agentId: string; target: TransferTarget }
    | { type: "call.overflowed"; callId: string; queue: string; reason: OverflowReason; target: OverflowTarget }
    | { type: "call.abandoned"; callId: string }
  );

export type AcdEventType = AcdEvent["type"];

/** An event before the engine numbers and times it. */
export type AcdEventInput = AcdEvent extends infer E ? (E extends AcdEvent ? Omit<E, "seq" | "at"> : never) : never;
