import { defineNode } from "@callflow/sdk";

import { logicSplitSpec } from "./spec.js";

export const logicSplitNode = defineNode(logicSplitSpec, (ctx, config) => {
  const draw = ctx.random() * 100;
  let upper = 0;

  for (const branch of config.branches) {
    upper += branch.percent;
    if (draw < upper) return branch.port;
  }
  // Rounding can leave the draw a hair above the total; the last branch with a share takes it.
  return [...config.branches].reverse().find((b) => b.percent > 0)!.port;
});
