import { defineNode, type NodeContext } from "@callflow/sdk";

import { isTruthy } from "../shared/truthy.js";
import { logicSwitchSpec, type PreparedLogicSwitch } from "./spec.js";

// Closure-mode conditions are tested at once, so the node returns its port without a promise;
// from the first JSONata-mode condition on, the rest are awaited in order.
export const logicSwitchNode = defineNode(logicSwitchSpec, (ctx, config) => {
  const { conditions } = config;

  for (let i = 0; i < conditions.length; i++) {
    const { when, port } = conditions[i];

    if (when.mode === "jsonata") return switchFrom(ctx, conditions, i);
    if (isTruthy(ctx.evaluate(when))) return port;
  }
  return "default";
});

async function switchFrom(ctx: NodeContext, conditions: PreparedLogicSwitch["conditions"], start: number): Promise<string> {
  for (let i = start; i < conditions.length; i++) {
    if (isTruthy(await ctx.evaluate(conditions[i].when))) return conditions[i].port;
  }
  return "default";
}
