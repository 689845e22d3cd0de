import type { AgentRecord, CallRecord } from "./acd-records.js";
import type { AcdState } from "./acd-state.js";
import { agentFirstForCall, callFirstForAgent, strategiesOf } from "./strategies.js";

/** Finds the ready agent who should get `call`, or undefined, among the ready agents with the call's skill. */
export function bestAgentFor(state: AcdState, call: CallRecord): AgentRecord | undefined {
  const ready = state.readyBySkill.get(call.skill);
  let best: AgentRecord | undefined;

  if (!ready) return undefined;
  for (const agent of ready) {
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
    if (!agent.skills.has(call.skill)) continue;
    const strategies = strategiesOf(call);
    const requested =
      (call.dedicatedAgent === agent.id && strategies.includes("customer-agent")) || (call.lastAgent === agent.id && strategies.includes("last-agent"));

    if (requested && (best === undefined || callFirstForAgent(agent, call, best))) best = call;
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
      const call = bucket.heap.peek();

      if (call !== undefined && (best === undefined || callFirstForAgent(agent, call, best))) best = call;
    }
  }
  return best;
}
