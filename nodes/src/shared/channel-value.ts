/** Turns an expression result into a channel variable's text: strings as they are, undefined as "", other values as JSON. */
export function toChannelValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
