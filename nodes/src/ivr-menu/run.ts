import { defineNode } from "@callflow/sdk";

import { readChoice } from "./match-keys.js";
import { ivrMenuSpec } from "./spec.js";

export const ivrMenuNode = defineNode(ivrMenuSpec, async (ctx, config) => {
  let failures = 0;

  if (config.clearBuffer) ctx.call.clearBuffer();
  for (;;) {
    await ctx.call.play(config.prompt, { bargeIn: config.bargeIn, nodeId: ctx.node.id });
    const choice = await readChoice(ctx.call, config.keys, config);

    if (choice.kind === "repeat") continue;
    if (choice.kind === "option") {
      if (config.variable !== undefined) ctx.variables.set(config.variable, choice.key);
      return config.ports.get(choice.key)!;
    }
    // Keys typed after an invalid choice are more of the same mistake, not a new attempt.
    if (choice.kind === "invalid") ctx.call.clearBuffer();
    if (++failures >= config.maxAttempts) return choice.kind;
    const retryPrompt = choice.kind === "timeout" ? config.timeoutPrompt : config.invalidPrompt;

    if (retryPrompt) await ctx.call.play(retryPrompt, { bargeIn: config.bargeIn, nodeId: ctx.node.id });
  }
});
