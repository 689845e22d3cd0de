import type { AcdEngine } from "../../../src/acd/acd-engine.js";

/** Configures the queue `support` and the agents `agent-1` to `agent-3`, logged out. */
export function setUpSupportQueue(engine: AcdEngine): void {
  engine.configureQueue({ id: "support", skill: "support", strategies: ["fcfs", "longest-idle"], ringTimeoutMs: 60_000 });
  for (const id of ["agent-1", "agent-2", "agent-3"]) engine.configureAgent({ id, skills: { support: 5 } });
}
