import { defineNode } from "@callflow/sdk";

import { logicSetSpec } from "./spec.js";

export const logicSetNode = defineNode(logicSetSpec, async (ctx, config) => {
  for (const assignment of config.assignments) ctx.variables.set(assignment.variable, await ctx.evaluate(assignment.value));
  return "next";
});
