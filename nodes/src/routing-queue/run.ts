import { defineNode, type NodeContext } from "@callflow/sdk";

import {
  ACD_SERVICE,
  ROUTING_VARIABLES,
  TRANSFER_FLOWS,
  type AcdCallRequest,
  type AcdQueueResult,
  type AcdQueueTicket,
  type AcdStrategy,
  type AcdTransferTarget,
} from "../routing-shared/acd-service.js";
import { queueOf } from "../routing-shared/queue-of.js";
import { requireService } from "../routing-shared/schemas.js";
import { MAX_CUSTOMER_PRIORITY } from "../routing-set-priority/spec.js";
import { QUEUE_NODE_VARIABLES, routingQueueSpec, type PreparedRoutingQueue } from "./spec.js";

// Wakes the node's wait for a key or a prompt when the ACD settles the call.
class QueueSettled extends Error {
  constructor() {
    super("the ACD settled the queued call");
    this.name = "QueueSettled";
  }
}

// Maximum wait for a key between checks when the node plays no announcement.
const IDLE_WAIT_MS = 60_000;
// Time the caller has for each digit of a callback number.
const CALLBACK_DIGIT_TIMEOUT_MS = 10_000;

async function priorityOf(ctx: NodeContext, config: PreparedRoutingQueue): Promise<number | undefined> {
  const value = config.priority === undefined ? ctx.variables.get(ROUTING_VARIABLES.priority) : await ctx.evaluate(config.priority);

  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_CUSTOMER_PRIORITY) {
    throw new Error(`invalid customer priority ${JSON.stringify(value)}: use a whole number from 0 to ${MAX_CUSTOMER_PRIORITY}`);
  }
  return value;
}

function dataPacket(ctx: NodeContext, names: readonly string[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};

  for (const name of names) data[name] = ctx.variables.get(name);
  return data;
}

async function collectCallbackNumber(ctx: NodeContext, maxDigits: number): Promise<string> {
  let digits = "";

  while (digits.length < maxDigits) {
    const key = await ctx.call.nextKey(CALLBACK_DIGIT_TIMEOUT_MS);

    if (key === null || key === "#") break;
    if (/[0-9]/.test(key)) digits += key;
  }
  return digits;
}

async function announce(ctx: NodeContext, config: PreparedRoutingQueue, ticket: AcdQueueTicket): Promise<void> {
  ctx.variables.set(QUEUE_NODE_VARIABLES.position, ticket.position());
  ctx.variables.set(QUEUE_NODE_VARIABLES.waitMinutes, Math.max(1, Math.ceil(ticket.estimatedWaitMs() / 60_000)));
  await ctx.call.play(config.announcement!, { bargeIn: true, nodeId: ctx.node.id });
}

// Plays hold music or waits for a key until the next announcement; returns a key or null.
async function holdOnce(ctx: NodeContext, config: PreparedRoutingQueue, nextAnnouncementAt: number): Promise<string | null> {
  const started = ctx.clock.now();
  const untilAnnouncement = Math.max(1, Math.min(IDLE_WAIT_MS, nextAnnouncementAt - started));

  if (config.musicOnHold !== undefined) {
    await ctx.call.play(config.musicOnHold, { bargeIn: true, nodeId: ctx.node.id });
    // Music of no length would loop without time passing: wait for a key instead.
    if (ctx.call.bufferedKeys.length === 0 && ctx.clock.now() > started) return null;
  }
  return ctx.call.nextKey(ctx.call.bufferedKeys.length > 0 ? 0 : untilAnnouncement);
}

async function waitInQueue(ctx: NodeContext, config: PreparedRoutingQueue, ticket: AcdQueueTicket, settled: () => AcdQueueResult | undefined): Promise<string | undefined> {
  const everyMs = config.announceEverySeconds * 1000;
  let nextAnnouncementAt = config.announcement === undefined ? Infinity : ctx.clock.now();

  while (settled() === undefined) {
    try {
      if (ctx.clock.now() >= nextAnnouncementAt) {
        await announce(ctx, config, ticket);
        nextAnnouncementAt = ctx.clock.now() + everyMs;
        continue;
      }
      const key = await holdOnce(ctx, config, nextAnnouncementAt);

      if (settled() !== undefined) break;
      if (key !== null && key === config.leaveKey) {
        ticket.leave("abandoned");
        return "abandoned";
      }
      if (key !== null && key === config.voicemailKey) {
        ticket.leave("voicemail");
        return "voicemail";
      }
      if (key !== null && key === config.callbackKey) {
        ticket.leave("callback");
        ctx.variables.set(QUEUE_NODE_VARIABLES.callbackNumber, await collectCallbackNumber(ctx, config.callbackMaxDigits));
        return "callback";
      }
    } catch (error) {
      if (error instanceof QueueSettled) continue;
      throw error;
    }
  }
  return undefined;
}

// Waits with the caller until the ACD settles `pending`; returns the result, or the port of a
// caller who left the queue.
async function waitForResult(ctx: NodeContext, config: PreparedRoutingQueue, ticket: AcdQueueTicket, pending: Promise<AcdQueueResult>): Promise<AcdQueueResult | string> {
  let result: AcdQueueResult | undefined;

  void pending.then((settled) => {
    result = settled;
    ctx.call.interrupt(new QueueSettled());
  });
  try {
    const left = await waitInQueue(ctx, config, ticket, () => result);

    if (left !== undefined) return left;
  } catch (error) {
    // The caller hung up or the call failed while queued: take it out of the ACD, so that no
    // agent is offered a call that is gone, then let the session handle the hang-up.
    if (result === undefined) ticket.leave("abandoned");
    throw error;
  }
  return result!;
}

/** End of a bridge with the agent's phone: hung up, never answered, or transferred by the agent. */
type BridgeEnd = { kind: "ended" } | { kind: "not-answered" } | { kind: "transferred"; target: AcdTransferTarget; next?: Promise<AcdQueueResult> };

// Carries out the console's hold and resume on the caller's channel. A failure is logged, not
// thrown: the agent's request fails, the call goes on.
function holdOrResume(ctx: NodeContext, request: AcdCallRequest): void {
  const action = request.type === "hold" ? ctx.call.hold() : ctx.call.resume();

  action.catch((error: unknown) => ctx.log.warn({ err: error, request: request.type }, "the agent's hold or resume failed on the caller's channel"));
}

// Dials the agent's phone and bridges it with the caller, carrying out the console's requests
// meanwhile: hold and resume, hang-up (the agent's leg ends) and transfer. The ACD's call ends,
// and the agent goes to wrap-up, when either side hangs up.
async function bridgeAgentPhone(ctx: NodeContext, ticket: AcdQueueTicket, phone: { endpoint: string; ringTimeoutSeconds: number }): Promise<BridgeEnd> {
  const leg = new AbortController();
  let end: BridgeEnd | undefined;
  const stopListening = ticket.onRequest?.((request) => {
    if (request.type === "hold" || request.type === "resume") return holdOrResume(ctx, request);
    end = request.type === "transfer" ? { kind: "transferred", target: request.target, next: request.next } : { kind: "ended" };
    leg.abort();
  });
  let outcome: string;

  try {
    outcome = await ctx.call.transfer({ endpoint: phone.endpoint, timeoutSeconds: phone.ringTimeoutSeconds }, ctx.node.id, { signal: leg.signal });
  } catch (error) {
    ticket.endCall?.();
    throw error;
  } finally {
    stopListening?.();
  }
  if (end !== undefined) return end;
  if (outcome !== "answered") return { kind: "not-answered" };
  ticket.endCall?.();
  return { kind: "ended" };
}

// Runs the IVR flow of an agent's transfer as a subflow, with the data packet as its inputs.
// Returns false when the runtime offers no flows to transfer to, such as `callflow serve`.
async function runTransferFlow(ctx: NodeContext, config: PreparedRoutingQueue, name: string): Promise<boolean> {
  const flows = ctx.services?.get(TRANSFER_FLOWS);

  if (flows === undefined) return false;
  await ctx.runSubflow(await flows.plan(name), dataPacket(ctx, config.data));
  return true;
}

// Dials the external number of an agent's transfer and bridges it with the caller.
async function transferToExternal(ctx: NodeContext, config: PreparedRoutingQueue, number: string): Promise<void> {
  const endpoint = config.externalDialString.replace("{number}", number);
  const outcome = await ctx.call.transfer({ endpoint, timeoutSeconds: config.externalRingSeconds }, ctx.node.id);

  ctx.log.info({ endpoint, outcome }, "the agent's transfer to an external number ended");
}

export const routingQueueNode = defineNode(routingQueueSpec, async (ctx, config) => {
  const acd = requireService(ctx.services?.get(ACD_SERVICE), routingQueueSpec.type);
  const strategies = config.strategies ?? (ctx.variables.get(ROUTING_VARIABLES.strategies) as AcdStrategy[] | undefined);
  const skill = config.skill ?? (ctx.variables.get(ROUTING_VARIABLES.skill) as string | undefined);
  const ticket = acd.enqueue({
    callId: ctx.call.channel.callId,
    queue: queueOf(ctx, config.queue, routingQueueSpec.type),
    caller: ctx.call.channel.caller || undefined,
    priority: await priorityOf(ctx, config),
    skill,
    data: dataPacket(ctx, config.data),
    strategies,
  });
  let pending = ticket.result;

  for (;;) {
    const settled = await waitForResult(ctx, config, ticket, pending);

    if (typeof settled === "string") return settled;
    if (settled.outcome === "overflow") {
      ctx.variables.set(ROUTING_VARIABLES.overflowTarget, settled.target);
      return "overflow";
    }
    ctx.variables.set(QUEUE_NODE_VARIABLES.agent, settled.agentId);
    // An agent without a phone endpoint is connected by the flow after this port, such as with call.transfer.
    if (settled.agentPhone === undefined || ticket.phoneNotAnswered === undefined) return "answered";
    const end = await bridgeAgentPhone(ctx, ticket, settled.agentPhone);

    if (end.kind === "ended") return "answered";
    if (end.kind === "not-answered") {
      pending = ticket.phoneNotAnswered();
      continue;
    }
    // A transfer to an agent or a queue waits again with the caller, for the next agent.
    if (end.next !== undefined) {
      pending = end.next;
      continue;
    }
    if (end.target.type === "external") {
      await transferToExternal(ctx, config, end.target.number);
      return "answered";
    }
    if (end.target.type === "flow" && (await runTransferFlow(ctx, config, end.target.flow))) return "answered";
    if (end.target.type === "flow") ctx.variables.set(ROUTING_VARIABLES.overflowTarget, { type: "flow", flow: end.target.flow });
    return "overflow";
  }
});
