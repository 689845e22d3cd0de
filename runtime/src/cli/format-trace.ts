import type { Plan, TraceEvent } from "@callflow/sdk";

import { nodeLabel } from "./flow-plans.js";
import { locateEvents } from "./located-events.js";

const MAX_VALUE_LENGTH = 120;

/**
 * Formats a trace for a person, one line per event: seconds since the call started, then what
 * happened. Nodes of subflows are written `subflow/node` and indented by their depth.
 *
 * @param plans - the main plan and its subflows by id, to tell an unconnected port from a
 *   connected one
 */
export function formatTrace(events: readonly TraceEvent[], startMs: number, plans: ReadonlyMap<string, Plan>): string[] {
  return locateEvents(events).map(({ event, flow, depth }) => {
    const seconds = ((event.at - startMs) / 1000).toFixed(3).padStart(8);
    const indent = "  ".repeat(depth);

    return `${seconds}s  ${indent}${describeEvent(event, flow, plans)}`;
  });
}

function describeEvent(event: TraceEvent, flow: string, plans: ReadonlyMap<string, Plan>): string {
  switch (event.type) {
    case "call.started":
      return `call started: flow "${event.flow}", from ${event.caller} to ${event.called}`;
    case "node.entered":
      return `enter ${nodeLabel(flow, event.nodeId)} (${event.nodeType})`;
    case "node.left":
      return describeLeave(event.nodeId, event.port, flow, plans);
    case "variable.changed":
      return `  set ${event.name} = ${formatValue(event.value)}`;
    case "input.digit":
      return `  key ${event.digit}`;
    case "input.hangup":
      return "  caller hung up";
    case "prompt.played":
      return `  prompt [${event.language}] ${describeMedia(event.text, event.media)} ${event.outcome}`;
    case "language.changed":
      return `  language set to ${event.language}`;
    case "node.error":
      return `  error in ${nodeLabel(flow, event.nodeId)}: ${event.code}: ${event.message}`;
    case "log":
      return `  log ${event.level}: ${event.message}`;
    case "call.ended":
      return `call ended: ${event.reason} after ${event.steps} steps, ${(event.durationMs / 1000).toFixed(3)}s`;
    default:
      return describeOther(event);
  }
}

// Events this formatter has no sentence for, such as types added to the trace later, are shown
// with their own fields.
function describeOther(event: TraceEvent): string {
  const fields: Record<string, unknown> = { ...event };

  for (const common of ["type", "v", "at", "callId"]) delete fields[common];
  return `  ${event.type} ${formatValue(fields)}`;
}

function describeLeave(nodeId: string, port: string, flow: string, plans: ReadonlyMap<string, Plan>): string {
  const label = nodeLabel(flow, nodeId);

  if (port === "hangup") return `leave ${label}: the caller hung up`;
  const node = plans.get(flow)?.nodes.get(nodeId);

  if (node?.spec.terminal) return `leave ${label}: the call is over`;
  if (node !== undefined && node.next[port] === undefined) return `leave ${label} by ${port} (not connected, so this flow ends)`;
  return `leave ${label} by ${port}`;
}

function describeMedia(text: string | undefined, media: string | undefined): string {
  if (text !== undefined && media !== undefined) return `${JSON.stringify(text)} (${media})`;
  if (text !== undefined) return JSON.stringify(text);
  return media ?? "(nothing to play)";
}

function formatValue(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);

  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
