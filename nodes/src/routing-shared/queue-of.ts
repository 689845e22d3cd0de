import type { NodeContext } from "@callflow/sdk";

import { ROUTING_VARIABLES } from "./acd-service.js";

/** Returns the configured queue, else the routing flow's choice in acdQueue; throws when neither is set. */
export function queueOf(ctx: NodeContext, configured: string | undefined, nodeType: string): string {
  const queue = configured ?? ctx.variables.get(ROUTING_VARIABLES.queue);

  if (typeof queue !== "string" || queue === "") {
    throw new Error(`${nodeType} has no queue: set queue in its config, or pick one with routing.selectQueue or routing.split first`);
  }
  return queue;
}
