import type { AgentRecord, CallRecord, QueueRecord } from "./acd-records.js";
import type { Strategy } from "./acd-types.js";

/**
 * Builds the order of a queue's waiting calls from its strategies: `customer-priority` (higher
 * first) and `fcfs` (earlier first) in the order listed, then arrival as the last tie-break.
 * The other strategies do not order calls of one bucket, whose queue and region are the same.
 */
export function callOrder(strategies: readonly Strategy[]): (a: CallRecord, b: CallRecord) => boolean {
  const byPriority = strategies.indexOf("customer-priority");
  const byArrival = strategies.indexOf("fcfs");

  if (byPriority !== -1 && (byArrival === -1 || byPriority < byArrival)) {
    return (a, b) => (a.priority !== b.priority ? a.priority > b.priority : a.order < b.order);
  }
  return (a, b) => a.order < b.order;
}

// Strategies that rank waiting calls across queues for a ready agent, in this order when the two
// calls come from different queues. Calls of one queue follow that queue's own order.
const CROSS_QUEUE_ORDER: readonly Strategy[] = ["service-priority", "geographic", "customer-priority", "fcfs"];

function callScore(strategy: Strategy, call: CallRecord, agent: AgentRecord): number {
  switch (strategy) {
    case "service-priority":
      return call.queue.config.servicePriority ?? 0;
    case "customer-priority":
      return call.priority;
    case "geographic":
      return call.region !== undefined && call.region === agent.site ? 1 : 0;
    case "fcfs":
      return -call.order;
    default:
      return 0;
  }
}

/** True when waiting call `a` should go to `agent` before waiting call `b`. */
export function callFirstForAgent(agent: AgentRecord, a: CallRecord, b: CallRecord): boolean {
  const order = a.queue === b.queue ? a.queue.strategies : CROSS_QUEUE_ORDER;

  for (const strategy of order) {
    if (!a.queue.strategies.includes(strategy) && strategy !== "fcfs") continue;
    const difference = callScore(strategy, a, agent) - callScore(strategy, b, agent);

    if (difference !== 0) return difference > 0;
  }
  return a.order < b.order;
}

// Share of the queue's delivered calls that the agent's best group lacks against its target.
function groupDeficit(queue: QueueRecord, agent: AgentRecord): number {
  const shares = queue.config.groupShares;
  let best = -Infinity;

  if (shares === undefined) return 0;
  for (const share of shares) {
    if (!agent.groups.includes(share.group)) continue;
    const delivered = queue.deliveredByGroup.get(share.group) ?? 0;
    const deficit = share.percent / 100 - delivered / Math.max(1, queue.delivered);

    if (deficit > best) best = deficit;
  }
  return best;
}

function agentScore(strategy: Strategy, agent: AgentRecord, call: CallRecord): number {
  switch (strategy) {
    case "longest-idle":
      return -agent.readyOrder;
    case "skill-level":
      return agent.skills.get(call.skill) ?? 0;
    case "customer-agent":
      return call.dedicatedAgent === agent.id ? 1 : 0;
    case "last-agent":
      return call.lastAgent === agent.id ? 1 : 0;
    case "geographic":
      return call.region !== undefined && call.region === agent.site ? 1 : 0;
    case "percentage":
      return groupDeficit(call.queue, agent);
    default:
      return 0;
  }
}

/** Strategies that decide a call's agent: the routing flow's for this call, else its queue's. */
export function strategiesOf(call: CallRecord): readonly Strategy[] {
  return call.strategies ?? call.queue.strategies;
}

/**
 * True when ready agent `a` should get `call` before ready agent `b`. Ties after every
 * strategy go to the agent who has been ready longest, so the choice never depends on the
 * iteration order of an index.
 */
export function agentFirstForCall(call: CallRecord, a: AgentRecord, b: AgentRecord): boolean {
  for (const strategy of strategiesOf(call)) {
    const difference = agentScore(strategy, a, call) - agentScore(strategy, b, call);

    if (difference !== 0) return difference > 0;
  }
  return a.readyOrder < b.readyOrder;
}
