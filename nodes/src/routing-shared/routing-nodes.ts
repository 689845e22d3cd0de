import type { NodeDefinition } from "@callflow/sdk";

import { routingOverflowNode } from "../routing-overflow/run.js";
import { routingQueueStatusNode } from "../routing-queue-status/run.js";
import { routingQueueNode } from "../routing-queue/run.js";
import { routingSelectQueueNode } from "../routing-select-queue/run.js";
import { routingSetPriorityNode } from "../routing-set-priority/run.js";
import { routingSplitNode } from "../routing-split/run.js";
import { routingStrategyNode } from "../routing-strategy/run.js";

export { routingOverflowNode, routingQueueStatusNode, routingQueueNode, routingSelectQueueNode, routingSetPriorityNode, routingSplitNode, routingStrategyNode };
export * from "./acd-service.js";

/** The routing node types with their run functions. */
export const routingNodes: readonly NodeDefinition<any, any>[] = [
  routingSelectQueueNode,
  routingSetPriorityNode,
  routingStrategyNode,
  routingSplitNode,
  routingQueueStatusNode,
  routingOverflowNode,
  routingQueueNode,
];
