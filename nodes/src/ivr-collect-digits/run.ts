import { defineNode, type CallControl } from "@callflow/sdk";

import { ivrCollectDigitsSpec, type PreparedCollectDigits } from "./spec.js";

type Entry = { kind: "digits"; digits: string } | { kind: "timeout" } | { kind: "invalid" };

/**
 * Reads one entry. `*` clears and restarts it without using an attempt; `#` ends it; reaching
 * the maximum length or the inter-digit timeout also ends it.
 */
async function readEntry(call: CallControl, config: PreparedCollectDigits): Promise<Entry> {
  let digits = "";

  for (;;) {
    const key = await call.nextKey(digits === "" ? config.firstDigitTimeoutMs : config.interDigitTimeoutMs);

    if (key === null) {
      if (digits === "") return config.minLength === 0 ? { kind: "digits", digits } : { kind: "timeout" };
      return digits.length >= config.minLength ? { kind: "digits", digits } : { kind: "invalid" };
    }
    if (key === config.clearKey) {
      digits = "";
      continue;
    }
    if (key === config.terminator) return digits.length >= config.minLength ? { kind: "digits", digits } : { kind: "invalid" };
    if (!/^[0-9]$/.test(key)) return { kind: "invalid" };
    digits += key;
    if (digits.length >= config.maxLength) return { kind: "digits", digits };
  }
}

export const ivrCollectDigitsNode = defineNode(ivrCollectDigitsSpec, async (ctx, config) => {
  let failures = 0;

  if (config.clearBuffer) ctx.call.clearBuffer();
  for (;;) {
    await ctx.call.play(config.prompt, { bargeIn: config.bargeIn, nodeId: ctx.node.id });
    const entry = await readEntry(ctx.call, config);
    const valid = entry.kind === "digits" && (config.pattern === undefined || config.pattern.test(entry.digits));

    if (valid) {
      ctx.variables.set(config.variable, entry.digits);
      return "next";
    }
    const failure = entry.kind === "timeout" ? "timeout" : "invalid";

    if (failure === "invalid") ctx.call.clearBuffer();
    if (++failures >= config.maxAttempts) return failure;
    const retryPrompt = failure === "timeout" ? config.timeoutPrompt : config.invalidPrompt;

    if (retryPrompt) await ctx.call.play(retryPrompt, { bargeIn: config.bargeIn, nodeId: ctx.node.id });
  }
});
