import { defineNode } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { routingOverflowSpec } from "./spec.js";

export const routingOverflowNode = defineNode(routingOverflowSpec, (ctx, config) => {
  ctx.variables.set(ROUTING_VARIABLES.overflowTarget, { ...config.target });
  if (config.target.type === "queue") ctx.variables.set(ROUTING_VARIABLES.queue, config.target.queue);
  return "next";
});
