// The contact centre of the rebuild and takeover measurements, shared by the owner child and
// the bench process. It has 50 queues and 1,000 agents with 3 skills each. After a history of
// served calls, 10,000 calls are left waiting while every agent is not ready.
export const CENTRE = { skills: 50, agents: 1_000, servedCalls: 5_000, waitingCalls: 10_000 };

/** Configures the centre, serves `servedCalls` calls and leaves `waitingCalls` waiting. */
export function buildWaitingCentre(engine) {
  for (let s = 0; s < CENTRE.skills; s++) engine.configureQueue({ id: `q${s}`, skill: `s${s}`, strategies: ["customer-priority", "fcfs", "longest-idle"] });
  for (let a = 0; a < CENTRE.agents; a++) {
    engine.configureAgent({ id: `a${a}`, skills: { [`s${a % CENTRE.skills}`]: 5, [`s${(a * 7 + 3) % CENTRE.skills}`]: 3, [`s${(a * 13 + 5) % CENTRE.skills}`]: 8 } });
    engine.login(`a${a}`, { ready: true });
  }
  for (let c = 0; c < CENTRE.servedCalls; c++) {
    const outcome = engine.enqueue({ id: `served-${c}`, queue: `q${c % CENTRE.skills}`, caller: `0912${String(c).padStart(6, "0")}` });

    if (outcome.outcome !== "offered") throw new Error(`served call ${c} was not offered: ${JSON.stringify(outcome)}`);
    engine.accept(outcome.agentId, `served-${c}`);
    engine.endCall(outcome.agentId);
  }
  for (let a = 0; a < CENTRE.agents; a++) engine.setNotReady(`a${a}`, "meeting");
  for (let c = 0; c < CENTRE.waitingCalls; c++) engine.enqueue({ id: `waiting-${c}`, queue: `q${c % CENTRE.skills}`, data: { account: `A${c}` } });
}
