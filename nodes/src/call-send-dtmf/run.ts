import { defineNode } from "@callflow/sdk";

import { callSendDtmfSpec } from "./spec.js";

/** Rendered keys contain something that is not a DTMF key. */
export class InvalidDtmfError extends Error {
  readonly code = "invalid-dtmf";

  constructor(keys: string) {
    super(`"${keys}" is not a DTMF sequence; use 0-9, *, #, A-D and , for a pause`);
    this.name = "InvalidDtmfError";
  }
}

export const callSendDtmfNode = defineNode(callSendDtmfSpec, async (ctx, config) => {
  const keys = await ctx.render(config.keys);

  if (!/^[0-9*#A-D,]+$/.test(keys)) throw new InvalidDtmfError(keys);
  await ctx.call.sendDtmf(keys);
  return "next";
});
