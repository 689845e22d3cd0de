import { defineNode } from "@callflow/sdk";

import { flowEndSpec } from "./spec.js";

// "end" is not a port of this node, so nothing follows it and the flow ends.
export const flowEndNode = defineNode(flowEndSpec, () => "end");
