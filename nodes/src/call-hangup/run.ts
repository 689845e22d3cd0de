import { defineNode } from "@callflow/sdk";

import { callHangupSpec } from "./spec.js";

// "end" is not a port of this node, so nothing follows it and the flow ends.
export const callHangupNode = defineNode(callHangupSpec, async (ctx, config) => {
  await ctx.call.hangup(config.cause);
  return "end";
});
