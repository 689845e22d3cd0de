import { defineNode } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { routingStrategySpec } from "./spec.js";

export const routingStrategyNode = defineNode(routingStrategySpec, (ctx, config) => {
  ctx.variables.set(ROUTING_VARIABLES.strategies, [...config.strategies]);
  return "next";
});
