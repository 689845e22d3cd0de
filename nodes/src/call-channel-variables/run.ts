import { defineNode } from "@callflow/sdk";

import { toChannelValue } from "../shared/channel-value.js";
import { callChannelVariablesSpec } from "./spec.js";

export const callChannelVariablesNode = defineNode(callChannelVariablesSpec, async (ctx, config) => {
  for (const entry of config.set) {
    const value = await ctx.evaluate(entry.value);

    await ctx.call.setChannelVariable(entry.name, toChannelValue(value));
  }
  for (const entry of config.get) ctx.variables.set(entry.variable, await ctx.call.getChannelVariable(entry.name));
  return "next";
});
