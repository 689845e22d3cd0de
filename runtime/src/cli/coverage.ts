import { ERROR_PORT, portsOf, type Plan, type TraceEvent } from "@callflow/sdk";

import { nodeLabel } from "./flow-plans.js";
import { locateEvents } from "./located-events.js";

/** Covered and total count of one kind of target, with the targets not covered. */
export interface CoverageCount {
  covered: number;
  total: number;
  /** Percentage covered; 100 when there is nothing to cover. */
  percent: number;
  /** Targets no case reached, in flow order. */
  uncovered: string[];
}

/** Node and port coverage of a flow and its subflows. */
export interface CoverageReport {
  nodes: CoverageCount;
  ports: CoverageCount;
}

/**
 * Lists the coverage targets: every node of the flow and its subflows (`node` or
 * `subflow/node`), and every port each node declares for its config (`node:port`). The `error` port counts only where
 * it is connected, because every node has one.
 */
export function coverageTargets(plans: ReadonlyMap<string, Plan>): { nodes: string[]; ports: string[] } {
  const nodes: string[] = [];
  const ports: string[] = [];

  for (const plan of plans.values()) {
    for (const node of plan.document.nodes) {
      const label = nodeLabel(plan.id, node.id);
      const planNode = plan.nodes.get(node.id)!;
      // The plan keeps only the prepared config, so the ports are computed again from the document.
      const config = planNode.spec.configSchema.parse(node.config);
      const declared = [...portsOf(planNode.spec, config)];

      if (planNode.next[ERROR_PORT] !== undefined) declared.push(ERROR_PORT);
      nodes.push(label);
      ports.push(...declared.map((port) => `${label}:${port}`));
    }
  }
  return { nodes, ports };
}

/** Collects the nodes entered and the ports taken over the traces of many calls. */
export class CoverageRecorder {
  private readonly nodesEntered = new Set<string>();
  private readonly portsTaken = new Set<string>();

  record(events: readonly TraceEvent[]): void {
    for (const { event, flow } of locateEvents(events)) {
      if (event.type === "node.entered") this.nodesEntered.add(nodeLabel(flow, event.nodeId));
      if (event.type === "node.left") this.portsTaken.add(`${nodeLabel(flow, event.nodeId)}:${event.port}`);
    }
  }

  /** Coverage of the targets by the calls recorded so far. */
  report(targets: { nodes: readonly string[]; ports: readonly string[] }): CoverageReport {
    return { nodes: count(targets.nodes, this.nodesEntered), ports: count(targets.ports, this.portsTaken) };
  }
}

function count(targets: readonly string[], reached: ReadonlySet<string>): CoverageCount {
  const uncovered = targets.filter((target) => !reached.has(target));
  const covered = targets.length - uncovered.length;

  return { covered, total: targets.length, percent: targets.length === 0 ? 100 : (covered / targets.length) * 100, uncovered };
}

/** Formats a percentage with one decimal, rounded down so that 99.96% never shows as 100%. */
export function formatPercent(percent: number): string {
  const floored = Math.floor(percent * 10) / 10;

  return Number.isInteger(floored) ? `${floored}%` : `${floored.toFixed(1)}%`;
}
