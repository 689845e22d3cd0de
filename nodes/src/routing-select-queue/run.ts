import { defineNode } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { routingSelectQueueSpec } from "./spec.js";

export const routingSelectQueueNode = defineNode(routingSelectQueueSpec, (ctx, config) => {
  ctx.variables.set(ROUTING_VARIABLES.queue, config.queue);
  if (config.skill !== undefined) ctx.variables.set(ROUTING_VARIABLES.skill, config.skill);
  return "next";
});
