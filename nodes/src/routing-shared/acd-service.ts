import type { Plan, ServiceKey } from "@callflow/sdk";

/** Distribution strategies of the ACD, as a queue or a routing flow lists them in order. */
export const ACD_STRATEGIES = [
  "fcfs",
  "longest-idle",
  "service-priority",
  "customer-priority",
  "skill-level",
  "last-agent",
  "customer-agent",
  "percentage",
  "geographic",
] as const;

export type AcdStrategy = (typeof ACD_STRATEGIES)[number];

/** Destination of a call that leaves a queue without an agent. */
export type AcdOverflowTarget = { type: "queue"; queue: string } | { type: "flow"; flow: string } | { type: "voicemail"; mailbox?: string };

/**
 * Destination of a connected call that its agent transfers from the console. Another agent is
 * offered the call at once, so it must be ready. A queue takes the call as any other. An IVR
 * flow is named, and gets the data packet in the call's variables. An external number is dialed
 * and bridged with the caller.
 */
export type AcdTransferTarget = { type: "agent"; agentId: string } | { type: "queue"; queue: string } | { type: "flow"; flow: string } | { type: "external"; number: string };

/**
 * A request of the agent's console about a connected call, for the node that bridges the
 * agent's phone. `next` of a transfer to an agent or a queue settles when the call is answered
 * again or overflows.
 */
export type AcdCallRequest =
  | { type: "hold" }
  | { type: "resume" }
  | { type: "hang-up" }
  | { type: "transfer"; target: AcdTransferTarget; next?: Promise<AcdQueueResult> };

/** The state of a queue now. */
export interface AcdQueueStatus {
  queue: string;
  /** Calls waiting for an agent. */
  waiting: number;
  /** Milliseconds the oldest waiting call has waited; 0 when none waits. */
  longestWaitMs: number;
  /** Estimated wait of a new call in milliseconds. */
  estimatedWaitMs: number;
  /** Ready agents with the queue's skill. */
  agentsReady: number;
  /** Logged-in agents with the queue's skill. */
  agentsLoggedIn: number;
}

/** A call that an IVR flow hands to the ACD. */
export interface AcdQueueRequest {
  callId: string;
  queue: string;
  caller?: string;
  priority?: number;
  skill?: string;
  region?: string;
  /** The data packet: what the IVR collected, shown to the agent. */
  data: Record<string, unknown>;
  strategies?: AcdStrategy[];
}

/**
 * Outcome of a queued call: answered by an agent, or overflowed out of the ACD. An agent with a
 * phone comes with its dial string and the queue's ring time, for the node to dial and bridge.
 */
export type AcdQueueResult =
  | { outcome: "answered"; agentId: string; agentPhone?: { endpoint: string; ringTimeoutSeconds: number } }
  | { outcome: "overflow"; target: AcdOverflowTarget };

/** A call in the ACD, for the node that waits with the caller. */
export interface AcdQueueTicket {
  /** Settles when an agent answers or the call overflows out of the ACD. */
  readonly result: Promise<AcdQueueResult>;
  /** Position among the calls waiting for the same skill in the queue, from 1; 0 once offered or answered. */
  position(): number;
  /** Estimated milliseconds until an agent answers. */
  estimatedWaitMs(): number;
  /** Takes the call out of the ACD: the caller hung up, asked for a callback or left a voicemail. */
  leave(reason: "abandoned" | "callback" | "voicemail"): void;
  /** Ends the answered call after its bridge ended: the agent goes to wrap-up. */
  endCall?(): void;
  /**
   * Reports that the agent's phone did not answer: the agent becomes not ready and the call goes
   * to another agent or back to the head of its queue. Returns the call's next result.
   */
  phoneNotAnswered?(): Promise<AcdQueueResult>;
  /**
   * Listens to the console's requests about the call while it is connected: hold, resume,
   * hang-up and transfer. Returns the function that stops listening.
   */
  onRequest?(listener: (request: AcdCallRequest) => void): () => void;
}

/** The tenant's ACD as nodes use it. */
export interface AcdService {
  /** Returns the queue's state; throws for an unknown queue. */
  status(queue: string): AcdQueueStatus;
  /** Queues the call; throws for an unknown queue or an invalid request. */
  enqueue(request: AcdQueueRequest): AcdQueueTicket;
}

/** Key of the {@link AcdService} in `NodeContext.services`. */
export const ACD_SERVICE: ServiceKey<AcdService> = { name: "acd" };

/** The tenant's published IVR flows, which an agent can transfer a call to. */
export interface TransferFlows {
  /** Returns the plan of the newest published version of the tenant's IVR flow `name`; throws when there is none. */
  plan(name: string): Promise<Plan>;
}

/** Key of the {@link TransferFlows} in `NodeContext.services`. */
export const TRANSFER_FLOWS: ServiceKey<TransferFlows> = { name: "transfer-flows" };

/**
 * Variables through which the nodes of a `routing` flow pass their decisions to `routing.queue`:
 * the queue, the customer priority, the strategy chain and an overflow target.
 */
export const ROUTING_VARIABLES = {
  queue: "acdQueue",
  skill: "acdSkill",
  priority: "acdPriority",
  strategies: "acdStrategies",
  overflowTarget: "acdOverflowTarget",
  queueStatus: "queueStatus",
} as const;
