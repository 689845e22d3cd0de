import type { CorrelationField, SocketEncoding } from "@callflow/nodes";

import { decodeText } from "./text-codec.js";

/**
 * Reads the correlation id of a message (without framing), the same way for requests and
 * replies. Returns undefined when the message does not carry one.
 */
export function correlationId(message: Buffer, field: CorrelationField, encoding: SocketEncoding): string | undefined {
  if (field.type === "slice") {
    if (message.length < field.start + field.length) return undefined;
    return decodeText(message.subarray(field.start, field.start + field.length), encoding);
  }
  const text = decodeText(message, encoding);

  if (field.type === "pattern") return new RegExp(field.pattern).exec(text)?.[1];
  return jsonField(text, field.path);
}

function jsonField(text: string, path: string): string | undefined {
  let value: unknown;

  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}
