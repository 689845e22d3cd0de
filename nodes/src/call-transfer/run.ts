import { defineNode } from "@callflow/sdk";

import { toChannelValue } from "../shared/channel-value.js";
import { callTransferSpec } from "./spec.js";

export const callTransferNode = defineNode(callTransferSpec, async (ctx, config) => {
  const variables: Record<string, string> = {};

  for (const variable of config.variables) {
    const value = await ctx.evaluate(variable.value);

    variables[variable.name] = toChannelValue(value);
  }
  const endpoint = await ctx.render(config.endpoint);
  const callerId = config.callerId ? await ctx.render(config.callerId) : undefined;

  return ctx.call.transfer({ endpoint, callerId, timeoutSeconds: config.timeoutSeconds, variables }, ctx.node.id);
});
