import { REDACTED, type NodeContext } from "@callflow/sdk";

// Shorter values would blank out ordinary digits and words in every line.
const MIN_REDACTED_LENGTH = 4;
const MAX_DEPTH = 8;

/**
 * Returns a function that replaces the values of the sensitive inputs in a text, so script logs
 * and error messages keep account numbers out of logs and traces as other nodes do.
 * NOTE: it finds a value only as written: text and numbers of 4 characters or more, also inside
 * arrays and objects. A script that reformats a value (spaces, slices) can still log it.
 */
export function sensitiveRedactor(ctx: NodeContext, inputs: readonly string[]): (text: string) => string {
  const secrets = new Set<string>();

  for (const name of inputs) {
    if (ctx.variables.isSensitive(name)) collectLeaves(ctx.variables.get(name), secrets, 0);
  }
  if (secrets.size === 0) return (text) => text;
  // Longest first, so a value that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);

  return (text) => ordered.reduce((redacted, secret) => redacted.split(secret).join(REDACTED), text);
}

function collectLeaves(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === "string" || typeof value === "number") {
    const text = String(value);

    if (text.length >= MIN_REDACTED_LENGTH) into.add(text);
    return;
  }
  if (value === null || typeof value !== "object" || depth >= MAX_DEPTH) return;
  for (const item of Object.values(value)) collectLeaves(item, into, depth + 1);
}
