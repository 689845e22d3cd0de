import type { AgentRecord, CallRecord } from "./acd-records.js";
import type { AcdState } from "./acd-state.js";
import { agentFirstForCall, callFirstForAgent, strategiesOf } from "./strategies.js";

/**
 * Finds the ready agent who should get `call`, or undefined. It looks only at ready agents
 * with the call's skill, skipping those who let it ring unanswered.
 */
export function bestAgentFor(state: AcdState, call: CallRecord): AgentRecord | undefined {
  const ready = state.readyBySkill.get(call.skill);
  let best: AgentRecord | undefined;

  if (!ready) return undefined;
  for (const agent of ready) {
    if (call.excluded?.has(agent.id)) continue;
    if (best === undefined || agentFirstForCall(call, agent, best)) best = agent;
  }
  return best;
}

// A waiting call that prefers this agent (dedicated or last agent) and whose strategies ask for it.
function preferredCallFor(state: AcdState, agent: AgentRecord): CallRecord | undefined {
  const calls = state.preferredCalls.get(agent.id);
  let best: CallRecord | undefined;

  if (!calls || calls.size === 0) return undefined;
  for (const call of calls) {
    if (!agent.skills.has(call.skill) || call.excluded?.has(agent.id)) continue;
    const strategies = strategiesOf(call);
    const wanted =
      (call.dedicatedAgent === agent.id && strategies.includes("customer-agent")) || (call.lastAgent === agent.id && strategies.includes("last-agent"));

    if (wanted && (best === undefined || callFirstForAgent(agent, call, best))) best = call;
  }
  return best;
}

// The first call of a bucket that the agent may take: the head, unless the agent let it ring
// unanswered, which is rare enough for a scan of the bucket.
function firstAllowed(calls: { peek(): CallRecord | undefined; values(): readonly CallRecord[] }, agent: AgentRecord): CallRecord | undefined {
  const head = calls.peek();

  if (head === undefined || !head.excluded?.has(agent.id)) return head;
  let best: CallRecord | undefined;

  for (const call of calls.values()) {
    if (call.excluded?.has(agent.id)) continue;
    if (best === undefined || callFirstForAgent(agent, call, best)) best = call;
  }
  return best;
}

/**
 * Finds the waiting call that a ready `agent` should get, or undefined: a call that prefers the
 * agent first, then the best head of the buckets of the agent's skills.
 */
export function bestCallFor(state: AcdState, agent: AgentRecord): CallRecord | undefined {
  const preferred = preferredCallFor(state, agent);
  let best: CallRecord | undefined;

  if (preferred) return preferred;
  for (const skill of agent.skills.keys()) {
    const buckets = state.bucketsBySkill.get(skill);

    if (!buckets) continue;
    for (const bucket of buckets) {
      if (bucket.heap.size === 0) continue;
      const call = firstAllowed(bucket.heap, agent);

      if (call !== undefined && (best === undefined || callFirstForAgent(agent, call, best))) best = call;
    }
  }
  return best;
}
