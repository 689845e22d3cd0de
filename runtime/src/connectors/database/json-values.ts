/**
 * Turns a driver's row into JSON values, which flow variables and traces contain: a Date becomes
 * an ISO 8601 string, a bigint a decimal string, and binary data a base64 string.
 */
export function toJsonRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};

  for (const [column, value] of Object.entries(row)) converted[column] = toJsonValue(value);
  return converted;
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value;
}
