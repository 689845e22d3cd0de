import { defineNode } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { SMS_SERVICE } from "./sms-service.js";
import { integrationSmsSpec } from "./spec.js";

/** A rendered destination that is not a phone number. */
export class InvalidSmsDestinationError extends Error {
  readonly code = "invalid-sms-destination";

  constructor(value: string) {
    super(`SMS destination "${value}" is not a phone number; write 1 to 21 digits with an optional leading +, such as +886912345678`);
    this.name = "InvalidSmsDestinationError";
  }
}

export const integrationSmsNode = defineNode(integrationSmsSpec, async (ctx, config) => {
  const sms = ctx.services?.get(SMS_SERVICE);

  if (sms === undefined) throw new ServiceUnavailableError(ctx.node.type, "SMS");
  const rendered = (await ctx.render(config.to)).trim();
  const to = rendered.replace(/[\s-]/g, "");

  if (!/^\+?\d{1,21}$/.test(to)) throw new InvalidSmsDestinationError(rendered);
  const text = await ctx.render(config.text);
  const request = { connector: config.connector, to: to.replace(/^\+/, ""), text, waitForReceipt: config.waitForReceipt, receiptTimeoutMs: config.receiptTimeoutMs };
  const result = await sms.send(request, { signal: ctx.signal, log: ctx.log });

  if (config.resultVariable !== undefined) ctx.variables.set(config.resultVariable, { ...result, messageIds: [...result.messageIds] });
  if (!config.waitForReceipt) return "submitted";
  return result.outcome ?? "timeout";
});
