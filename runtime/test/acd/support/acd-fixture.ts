import { VirtualClock } from "@callflow/sdk";

import { AcdEngine } from "../../../src/acd/acd-engine.js";
import type { AcdEvent } from "../../../src/acd/acd-events.js";

/** An engine on a virtual clock that records every event it emits. */
export interface AcdFixture {
  engine: AcdEngine;
  clock: VirtualClock;
  events: AcdEvent[];
  /** Agent ids that calls were offered to, in order, as `callId→agentId`. */
  offers(): string[];
}

/** Creates an engine at 2026-12-07T02:00:00Z with the given queues and agents. */
export function createAcd(setup: { queues?: unknown[]; groups?: unknown[]; agents?: unknown[] } = {}): AcdFixture {
  const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
  const engine = new AcdEngine({ clock });
  const events: AcdEvent[] = [];

  engine.onEvent((event) => events.push(event));
  for (const queue of setup.queues ?? []) engine.configureQueue(queue);
  for (const group of setup.groups ?? []) engine.configureGroup(group);
  for (const agent of setup.agents ?? []) engine.configureAgent(agent);
  return {
    engine,
    clock,
    events,
    offers: () => events.flatMap((event) => (event.type === "call.offered" ? [`${event.callId}→${event.agentId}`] : [])),
  };
}

/** Logs agents in and makes them ready one after another, a millisecond apart so that idle order is clear. */
export async function readyInOrder(fixture: AcdFixture, agentIds: string[]): Promise<void> {
  for (const agentId of agentIds) {
    fixture.engine.login(agentId, { ready: true });
    await fixture.clock.advance(1);
  }
}

/** Events of one type. */
export function eventsOf<T extends AcdEvent["type"]>(events: AcdEvent[], type: T): Extract<AcdEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AcdEvent, { type: T }> => event.type === type);
}
