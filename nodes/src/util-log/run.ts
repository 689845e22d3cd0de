import { defineNode } from "@callflow/sdk";

import { utilLogSpec } from "./spec.js";

export const utilLogNode = defineNode(utilLogSpec, async (ctx, config) => {
  const message = await config.message.render(ctx.variables.redacted(), { now: () => ctx.clock.now() });

  ctx.log[config.level]({ flowMessage: message }, "flow log");
  ctx.trace({ type: "log", nodeId: ctx.node.id, level: config.level, message });
  return "next";
});
