import { defineNode } from "@callflow/sdk";

import { ACD_SERVICE, ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { requireService } from "../routing-shared/schemas.js";
import { queueOf } from "../routing-shared/queue-of.js";
import { routingQueueStatusSpec } from "./spec.js";

export const routingQueueStatusNode = defineNode(routingQueueStatusSpec, (ctx, config) => {
  const acd = requireService(ctx.services?.get(ACD_SERVICE), routingQueueStatusSpec.type);
  const status = acd.status(queueOf(ctx, config.queue, routingQueueStatusSpec.type));
  const busy =
    (config.maxWaiting !== undefined && status.waiting > config.maxWaiting) ||
    (config.maxEstimatedWaitMs !== undefined && status.estimatedWaitMs > config.maxEstimatedWaitMs) ||
    (config.minAgentsReady !== undefined && status.agentsReady < config.minAgentsReady);

  ctx.variables.set(ROUTING_VARIABLES.queueStatus, status);
  return busy ? "busy" : "next";
});
