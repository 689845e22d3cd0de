import type { TraceEvent } from "@callflow/sdk";

import { MAIN_FLOW_ID } from "./flow-plans.js";

/** A trace event with the flow it happened in and how deep in subflows. */
export interface LocatedEvent {
  event: TraceEvent;
  /** Plan id: `main`, or a subflow's reference name. */
  flow: string;
  /** 0 in the main flow, 1 in a subflow it calls, and so on. */
  depth: number;
}

interface OpenNode {
  flow: string;
  nodeId: string;
}

/**
 * Finds the flow of each trace event and its subflow depth. `node.entered` names its flow but
 * `node.left` does not, so the running nodes are kept on a stack. A subflow node stays open
 * while its subflow runs, so the nodes open below an event are the subflow calls around it.
 */
export function locateEvents(events: readonly TraceEvent[]): LocatedEvent[] {
  const open: OpenNode[] = [];

  return events.map((event) => {
    if (event.type === "node.entered") {
      open.push({ flow: event.flow, nodeId: event.nodeId });
      return { event, flow: event.flow, depth: open.length - 1 };
    }
    if (event.type === "node.left") return { event, ...closeNode(open, event.nodeId) };
    const current = open[open.length - 1];

    return { event, flow: current?.flow ?? MAIN_FLOW_ID, depth: Math.max(0, open.length - 1) };
  });
}

// A node that failed with no `error` port never leaves, so nodes above the one leaving are
// dropped until it is found.
function closeNode(open: OpenNode[], nodeId: string): { flow: string; depth: number } {
  const index = open.map((n) => n.nodeId).lastIndexOf(nodeId);

  if (index === -1) return { flow: MAIN_FLOW_ID, depth: 0 };
  const flow = open[index].flow;

  open.length = index;
  return { flow, depth: index };
}
