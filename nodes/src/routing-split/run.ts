import { defineNode } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { routingSplitSpec } from "./spec.js";

export const routingSplitNode = defineNode(routingSplitSpec, (ctx, config) => {
  const draw = ctx.random() * 100;
  let upper = 0;
  let chosen = [...config.shares].reverse().find((share) => share.percent > 0)!.queue;

  for (const share of config.shares) {
    upper += share.percent;
    if (draw < upper) {
      chosen = share.queue;
      break;
    }
  }
  ctx.variables.set(ROUTING_VARIABLES.queue, chosen);
  return "next";
});
