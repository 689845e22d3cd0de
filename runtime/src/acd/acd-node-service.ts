import type { AcdCallRequest, AcdQueueRequest, AcdQueueResult, AcdQueueStatus, AcdQueueTicket, AcdService } from "@callflow/nodes";

import { DEFAULT_RING_TIMEOUT_MS, type AcdEngine } from "./acd-engine.js";
import type { AcdEvent } from "./acd-events.js";
import { viewQueue } from "./acd-snapshot.js";
import { callFirstForAgent } from "./strategies.js";

/**
 * The {@link AcdService} that nodes of one tenant use, over that tenant's engine: it queues
 * calls and settles each call's ticket from the engine's events.
 */
export class AcdNodeService implements AcdService {
  private readonly settle = new Map<string, (result: AcdQueueResult) => void>();
  // Listeners of the console's requests, by call: the node that bridges the agent's phone.
  private readonly requestListeners = new Map<string, (request: AcdCallRequest) => void>();

  constructor(private readonly engine: AcdEngine) {
    engine.onEvent((event) => this.onEvent(event));
  }

  status(queueId: string): AcdQueueStatus {
    const view = viewQueue(this.engine, queueId);

    return { queue: view.id, waiting: view.waiting, longestWaitMs: view.longestWaitMs, estimatedWaitMs: view.estimatedWaitMs, agentsReady: view.agentsReady, agentsLoggedIn: view.agentsLoggedIn };
  }

  enqueue(request: AcdQueueRequest): AcdQueueTicket {
    const result = this.nextResult(request.callId);

    try {
      const { callId, ...fields } = request;
      const outcome = this.engine.enqueue({ id: callId, ...fields });

      if (outcome.outcome === "overflowed") this.finish(request.callId, { outcome: "overflow", target: outcome.target });
    } catch (error) {
      this.settle.delete(request.callId);
      throw error;
    }
    return {
      result,
      position: () => this.positionOf(request.callId),
      estimatedWaitMs: () => {
        const call = this.engine.state.calls.get(request.callId);

        return call === undefined ? 0 : this.engine.estimatedWaitMs(call.queue.config.id);
      },
      leave: () => {
        const call = this.engine.state.calls.get(request.callId);

        this.settle.delete(request.callId);
        if (call !== undefined && call.state !== "connected") this.engine.abandon(request.callId);
      },
      endCall: () => {
        const agentId = this.engine.state.calls.get(request.callId)?.agentId;

        if (agentId !== undefined && this.engine.state.agents.get(agentId)?.state === "on-call") this.engine.endCall(agentId);
      },
      phoneNotAnswered: () => {
        const agentId = this.engine.state.calls.get(request.callId)?.agentId;
        const next = this.nextResult(request.callId);

        if (agentId !== undefined) this.engine.phoneNotAnswered(agentId, request.callId);
        return next;
      },
      onRequest: (listener) => {
        this.requestListeners.set(request.callId, listener);
        return () => {
          if (this.requestListeners.get(request.callId) === listener) this.requestListeners.delete(request.callId);
        };
      },
    };
  }

  // Registers the promise of the call's next result, which the engine's events settle.
  private nextResult(callId: string): Promise<AcdQueueResult> {
    return new Promise<AcdQueueResult>((resolve) => this.settle.set(callId, resolve));
  }

  // Position of a waiting call among the calls of its bucket, which the same agents serve.
  private positionOf(callId: string): number {
    const call = this.engine.state.calls.get(callId);

    if (call?.state !== "waiting" || call.bucket === undefined) return 0;
    let ahead = 0;
    const anyAgent = { site: undefined } as Parameters<typeof callFirstForAgent>[0];

    for (const other of call.bucket.heap.values()) if (other !== call && callFirstForAgent(anyAgent, other, call)) ahead++;
    return ahead + 1;
  }

  private onEvent(event: AcdEvent): void {
    if (event.type === "call.connected") this.finish(event.callId, this.answered(event.callId, event.agentId));
    else if (event.type === "call.overflowed" && event.target.type !== "queue") this.finish(event.callId, { outcome: "overflow", target: event.target });
    else if (event.type === "call.held") this.request(event.callId, { type: "hold" });
    else if (event.type === "call.resumed") this.request(event.callId, { type: "resume" });
    else if (event.type === "call.ended") this.request(event.callId, { type: "hang-up" });
    else if (event.type === "call.transferred") {
      // The call comes back to this service for an agent or a queue: its next result is
      // registered before the engine queues it again, in the same decision.
      const staysInAcd = event.target.type === "agent" || event.target.type === "queue";

      this.request(event.callId, { type: "transfer", target: event.target, next: staysInAcd ? this.nextResult(event.callId) : undefined });
    }
  }

  private request(callId: string, request: AcdCallRequest): void {
    const listener = this.requestListeners.get(callId);

    if (request.type === "hang-up" || request.type === "transfer") this.requestListeners.delete(callId);
    listener?.(request);
  }

  private answered(callId: string, agentId: string): AcdQueueResult {
    const endpoint = this.engine.state.agents.get(agentId)?.endpoint;

    if (endpoint === undefined) return { outcome: "answered", agentId };
    const ringTimeoutMs = this.engine.state.calls.get(callId)?.queue.config.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;

    return { outcome: "answered", agentId, agentPhone: { endpoint, ringTimeoutSeconds: Math.ceil(ringTimeoutMs / 1000) } };
  }

  private finish(callId: string, result: AcdQueueResult): void {
    const resolve = this.settle.get(callId);

    if (resolve === undefined) return;
    this.settle.delete(callId);
    resolve(result);
  }
}
