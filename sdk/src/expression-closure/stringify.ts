import { failure } from "./closure-error.js";
import { toFifteenDigits } from "./decimal-text.js";
import { isFunctionLike, isNumeric } from "./values.js";

/**
 * JSONata's `$string`: strings unchanged, functions as "", other values as JSON with non-integer
 * numbers cut to 15 significant digits. A top-level NaN or ±Infinity raises D3001; a nested
 * ±Infinity raises D1001 and a nested NaN prints as null.
 */
export function toJsonataString(value: unknown, prettify = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (isFunctionLike(value)) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw failure("D3001", { value });
    // JSON prints a finite number as String does.
    return String(Number.isInteger(value) ? value : toFifteenDigits(value));
  }
  if (typeof value === "boolean" || value === null) return String(value);
  const subject = Array.isArray(value) && (value as { outerWrapper?: boolean }).outerWrapper ? value[0] : value;

  return JSON.stringify(subject, printable, prettify ? 2 : 0);
}

function printable(_key: string, item: unknown): unknown {
  if (item !== undefined && item !== null && isNumeric(item)) {
    return Number.isInteger(item) ? item : toFifteenDigits(item);
  }
  return item && isFunctionLike(item) ? "" : item;
}
