import { defineNode } from "@callflow/sdk";

import { mediaPlaySpec } from "./spec.js";

export const mediaPlayNode = defineNode(mediaPlaySpec, async (ctx, config) => {
  await ctx.call.play(config.prompt, { bargeIn: config.bargeIn, nodeId: ctx.node.id });
  return "next";
});
