import { defineNode, type NodeContext } from "@callflow/sdk";

import { logicSetSpec, type PreparedLogicSet } from "./spec.js";

// Closure-mode assignments run at once, so the node returns its port without a promise; from the
// first JSONata-mode assignment on, the rest are awaited in order.
export const logicSetNode = defineNode(logicSetSpec, (ctx, config) => {
  const { assignments } = config;

  for (let i = 0; i < assignments.length; i++) {
    const { variable, value } = assignments[i];

    if (value.mode === "jsonata") return assignFrom(ctx, assignments, i);
    ctx.variables.set(variable, ctx.evaluate(value));
  }
  return "next";
});

async function assignFrom(ctx: NodeContext, assignments: PreparedLogicSet["assignments"], start: number): Promise<string> {
  for (let i = start; i < assignments.length; i++) ctx.variables.set(assignments[i].variable, await ctx.evaluate(assignments[i].value));
  return "next";
}
