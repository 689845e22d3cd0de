/**
 * JSONata's boolean cast ($boolean): false for undefined, null, false, 0, NaN, "", an empty
 * array or object, and for an array whose every member casts to false.
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return value.length > 0;
  if (typeof value === "function") return false;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === "object") return Object.keys(value).length > 0;
  return false;
}
