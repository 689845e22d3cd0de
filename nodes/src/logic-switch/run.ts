import { defineNode } from "@callflow/sdk";

import { isTruthy } from "../shared/truthy.js";
import { logicSwitchSpec } from "./spec.js";

export const logicSwitchNode = defineNode(logicSwitchSpec, async (ctx, config) => {
  for (const condition of config.conditions) {
    if (isTruthy(await ctx.evaluate(condition.when))) return condition.port;
  }
  return "default";
});
