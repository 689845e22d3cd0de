import { flowSubflowSpec } from "@callflow/nodes";
import type { Plan } from "@callflow/sdk";

/** Id of the main flow's plan in traces; subflow plans carry their reference name. */
export const MAIN_FLOW_ID = "main";

/**
 * Collects a plan and every subflow plan it calls, directly or through other subflows, by plan
 * id. A subflow called from several nodes appears once.
 */
export function collectPlans(main: Plan): Map<string, Plan> {
  const plans = new Map<string, Plan>();
  const visit = (plan: Plan): void => {
    if (plans.has(plan.id)) return;
    plans.set(plan.id, plan);
    for (const node of plan.nodes.values()) {
      const subflow = node.spec === flowSubflowSpec ? (node.prepared as { plan?: Plan }).plan : undefined;

      if (subflow !== undefined) visit(subflow);
    }
  };

  visit(main);
  return plans;
}

/** Names a node as tests and coverage write it: `id` in the main flow, `subflow/id` in a subflow. */
export function nodeLabel(flowId: string, nodeId: string): string {
  return flowId === MAIN_FLOW_ID ? nodeId : `${flowId}/${nodeId}`;
}
