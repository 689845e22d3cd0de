import { compileFlow, MemoryTraceSink, SimulatedChannel, VirtualClock, type CallerAction, type SimulatedEndpoint } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import { Session } from "../../src/session/session.js";
import { observe, type CallHarness, type EndpointBehaviour, type ScriptStep } from "./call-harness.js";

/** Prompt length used by both harnesses, so barge-in lands on the same prompts. */
export const PROMPT_MS = 1000;

function toActions(script: ScriptStep[]): CallerAction[] {
  return script.flatMap((step) => ("hangup" in step ? [{ atMs: step.atMs, action: "hangup" }] : [...step.keys].map((key, i) => ({ atMs: step.atMs + i * 200 + 100, action: key }))));
}

function toEndpoints(endpoints: Record<string, EndpointBehaviour>): Record<string, SimulatedEndpoint> {
  return Object.fromEntries(
    Object.entries(endpoints).map(([name, behaviour]) => [
      name,
      behaviour.kind === "answer" ? { outcome: "answer", ringMs: behaviour.ringMs, talkMs: behaviour.talkMs } : { outcome: behaviour.kind },
    ]),
  );
}

/** The simulated channel on a virtual clock. */
export function simulatedHarness(): CallHarness {
  let pending = 0;

  return {
    name: "simulated",
    async call(flow, script, endpoints = {}) {
      const compiled = compileFlow(flow, { registry: createNodeRegistry() });

      if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("\n"));
      const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
      const channel = new SimulatedChannel({ clock, script: toActions(script), promptDurationMs: () => PROMPT_MS, endpoints: toEndpoints(endpoints) });
      const sink = new MemoryTraceSink();
      const done = new Session({ plan: compiled.plan, channel, clock, sink }).run();

      await clock.runUntilIdle();
      const result = await done;

      pending += clock.pendingTimers;
      return observe(result.reason, result.variables, sink.events);
    },
    leftovers: () => pending,
    close: async () => undefined,
  };
}
