import { defineNode } from "@callflow/sdk";

import { callInboundSpec } from "./spec.js";

export const callInboundNode = defineNode(callInboundSpec, (ctx, config) => {
  const channelVariables = ctx.call.channel.variables;

  ctx.variables.set("channel", { ...channelVariables });
  for (const mapping of config.channelVariables) ctx.variables.set(mapping.variable, channelVariables[mapping.name]);
  return "next";
});
