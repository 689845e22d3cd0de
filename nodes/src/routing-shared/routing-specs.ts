import type { NodeSpec } from "@callflow/sdk";

import { routingOverflowSpec } from "../routing-overflow/spec.js";
import { routingQueueStatusSpec } from "../routing-queue-status/spec.js";
import { routingQueueSpec } from "../routing-queue/spec.js";
import { routingSelectQueueSpec } from "../routing-select-queue/spec.js";
import { routingSetPrioritySpec } from "../routing-set-priority/spec.js";
import { routingSplitSpec } from "../routing-split/spec.js";
import { routingStrategySpec } from "../routing-strategy/spec.js";

export { routingOverflowSpec, routingQueueStatusSpec, routingQueueSpec, routingSelectQueueSpec, routingSetPrioritySpec, routingSplitSpec, routingStrategySpec };

/** Specs of the routing node types: browser-safe. */
export const routingSpecs: readonly NodeSpec<any, any>[] = [
  routingSelectQueueSpec,
  routingSetPrioritySpec,
  routingStrategySpec,
  routingSplitSpec,
  routingQueueStatusSpec,
  routingOverflowSpec,
  routingQueueSpec,
];
