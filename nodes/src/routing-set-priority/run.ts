import { defineNode } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { MAX_CUSTOMER_PRIORITY, routingSetPrioritySpec } from "./spec.js";

export const routingSetPriorityNode = defineNode(routingSetPrioritySpec, async (ctx, config) => {
  const priority = await ctx.evaluate(config.priority);

  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > MAX_CUSTOMER_PRIORITY) {
    throw new Error(`invalid customer priority ${JSON.stringify(priority)}: the expression must give a whole number from 0 to ${MAX_CUSTOMER_PRIORITY}`);
  }
  ctx.variables.set(ROUTING_VARIABLES.priority, priority);
  return "next";
});
