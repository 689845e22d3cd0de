import { defineNode, type CompiledTemplate, type NodeContext } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { MAIL_SERVICE } from "./mail-service.js";
import { integrationEmailSpec } from "./spec.js";

/** A rendered recipient list that is empty or contains something that is not an email address. */
export class InvalidRecipientError extends Error {
  readonly code = "invalid-recipient";

  constructor(field: string, value: string, problem: string) {
    super(`${field} "${value}" ${problem}; write addresses such as ana@example.com, separated by commas`);
    this.name = "InvalidRecipientError";
  }
}

export const integrationEmailNode = defineNode(integrationEmailSpec, async (ctx, config) => {
  const mail = ctx.services?.get(MAIL_SERVICE);

  if (mail === undefined) throw new ServiceUnavailableError(ctx.node.type, "email");
  const to = parseAddresses("to", await ctx.render(config.to));

  if (to.length === 0) throw new InvalidRecipientError("to", "", "contains no address");
  const attachments = [];

  for (const attachment of config.attachments) {
    attachments.push({ path: await ctx.render(attachment.path), filename: await renderOptional(ctx, attachment.filename) });
  }
  const result = await mail.send(
    {
      connector: config.connector,
      to,
      cc: parseAddresses("cc", await ctx.render(config.cc)),
      bcc: parseAddresses("bcc", await ctx.render(config.bcc)),
      subject: await ctx.render(config.subject),
      text: await renderOptional(ctx, config.text),
      html: await renderOptional(ctx, config.html),
      attachments,
      timeoutMs: config.timeoutMs,
    },
    { signal: ctx.signal, log: ctx.log },
  );

  if (config.resultVariable !== undefined) ctx.variables.set(config.resultVariable, { ...result });
  return "ok";
});

async function renderOptional(ctx: NodeContext, template: CompiledTemplate | undefined): Promise<string | undefined> {
  return template === undefined ? undefined : await ctx.render(template);
}

/**
 * Splits a rendered list at commas and semicolons. Each entry is a bare address or
 * `Name <address>`; only the address part is checked, loosely, because the server decides.
 */
export function parseAddresses(field: string, list: string): string[] {
  const entries = list
    .split(/[,;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");

  for (const entry of entries) {
    const address = /<([^<>]*)>\s*$/.exec(entry)?.[1] ?? entry;

    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new InvalidRecipientError(field, entry, "is not an email address");
  }
  return entries;
}
