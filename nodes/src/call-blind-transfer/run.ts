import { defineNode } from "@callflow/sdk";

import { callBlindTransferSpec } from "./spec.js";

// "end" is not a port of this node, so nothing follows it and the flow ends.
export const callBlindTransferNode = defineNode(callBlindTransferSpec, async (ctx, config) => {
  const extension = await ctx.render(config.extension);

  await ctx.call.continueInDialplan({ context: config.context, extension, priority: config.priority }, ctx.node.id);
  return "end";
});
