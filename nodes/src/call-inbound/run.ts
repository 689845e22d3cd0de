import { defineNode, REDACTED } from "@callflow/sdk";

import { callInboundSpec } from "./spec.js";

export const callInboundNode = defineNode(callInboundSpec, (ctx, config) => {
  const channelVariables = ctx.call.channel.variables;
  const copy: Record<string, string> = { ...channelVariables };

  // `channel` is not sensitive itself, so a value mapped to a sensitive variable would reach
  // traces and logs through this copy.
  for (const mapping of config.channelVariables) {
    if (ctx.variables.isSensitive(mapping.variable) && Object.hasOwn(copy, mapping.name)) copy[mapping.name] = REDACTED;
  }
  ctx.variables.set("channel", copy);
  for (const mapping of config.channelVariables) {
    if (Object.hasOwn(channelVariables, mapping.name)) ctx.variables.set(mapping.variable, channelVariables[mapping.name]);
  }
  return "next";
});
