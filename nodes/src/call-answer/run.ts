import { defineNode } from "@callflow/sdk";

import { callAnswerSpec } from "./spec.js";

export const callAnswerNode = defineNode(callAnswerSpec, async (ctx) => {
  await ctx.call.answer();
  return "next";
});
