import { defineNode } from "@callflow/sdk";

import { flowSubflowSpec } from "./spec.js";

export const flowSubflowNode = defineNode(flowSubflowSpec, async (ctx, config) => {
  // The compiler refuses a flow whose subflow is unresolved, so a plan is always present here.
  const plan = config.plan!;
  const inputs: Record<string, unknown> = {};

  for (const input of config.inputs) inputs[input.variable] = await ctx.evaluate(input.value);
  const results = await ctx.runSubflow(plan, inputs);

  for (const output of config.outputs) ctx.variables.set(output.variable, results[output.from]);
  return "next";
});
