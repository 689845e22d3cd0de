import { failure } from "./closure-error.js";
import { measureDecimal, type DecimalShape } from "./decimal-text.js";
import { toJsonataString } from "./stringify.js";
import { toBoolean } from "./values.js";

// Numeric, aggregate and boolean functions of JSONata 2.2.2, after signature checking.

// A decimal literal as `$number` accepts it: optional minus, digits, optional fraction and exponent.
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;
// JSONata 2.2.2 tests hexadecimal, octal and binary forms with one regular expression whose
// alternatives are anchored separately: a hexadecimal prefix at the start, an octal form anywhere,
// a binary form at the end. The three tests below accept the same strings; Number() then turns
// what it cannot read into NaN, as in JSONata.
const HEX_START = /^0[xX][0-9A-Fa-f]/;
const OCTAL_ANYWHERE = /0[oO][0-7]/;
const BINARY_END = /0[bB][01]+$/;

export function toNumber(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (DECIMAL.test(value) && Number.isFinite(Number(value))) return parseFloat(value);
    if (HEX_START.test(value) || OCTAL_ANYWHERE.test(value) || BINARY_END.test(value)) return Number(value);
  }
  if (value === true) return 1;
  if (value === false) return 0;
  throw failure("D3030", { value, index: 1 });
}

export function abs(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.abs(value);
}

export function floor(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.floor(value);
}

export function ceil(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.ceil(value);
}

/**
 * `$round`: rounds half to even at `precision` decimal places (negative places round to tens,
 * hundreds...). The decimal point is moved in the number's text rather than by multiplying, which
 * would add binary rounding error; -0 comes out as 0.
 */
export function round(value: number | undefined, precision?: number): number | undefined {
  if (value === undefined) return undefined;
  if (!precision) return roundHalfEven(value);
  // The shortest decimal of |value|, measured once for the shortcuts below.
  const text = Number.isFinite(value) ? String(Math.abs(value)) : undefined;
  const shape = text === undefined ? undefined : measureDecimal(text);
  const places = Number.isInteger(precision) ? precision : undefined;

  // Shifting the text gives back the value itself when it already has few enough decimals.
  if (shape !== undefined && places !== undefined && places > 0 && shape.decimals <= places && shape.integers + places <= 15) {
    return Object.is(value, -0) ? 0 : value;
  }
  const shifted = shiftDecimal(value, precision, text, shape);

  return shiftDecimal(roundHalfEven(shifted), -precision, undefined, undefined) + 0;
}

// Math.round, with halves that land on an odd number moved to the even one below.
function roundHalfEven(value: number): number {
  let result = Math.round(value);

  if (Math.abs(result - value) === 0.5 && Math.abs(result % 2) === 1) result -= 1;
  return result + 0;
}

// Powers of ten as literals, which are exact; Math.pow need not be.
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * value × 10^places, done on the text of the number's exponent as JSONata does. `text` and
 * `shape` are String(|value|) and its measure when the caller has them. A safe integer's text is
 * its exact value, and one multiplication or division by an exact power of ten (up to 10^22) is
 * correctly rounded, so it gives the same number as reading the shifted text, faster.
 */
function shiftDecimal(value: number, places: number, text: string | undefined, shape: DecimalShape | undefined): number {
  if (Number.isSafeInteger(value) && Number.isInteger(places) && Math.abs(places) <= 22) {
    return places >= 0 ? value * POWERS_OF_TEN[places] : value / POWERS_OF_TEN[-places];
  }
  const magnitudeText = text ?? String(Math.abs(value));
  const short = shape ?? (Number.isFinite(value) && Number.isInteger(places) ? measureDecimal(magnitudeText) : undefined);

  // A short decimal read as digits N and d decimals: N is recovered exactly from |value| × 10^d
  // (the error stays below 0.5 for N under 2^50), and N × 10^(places - d) is then one correctly
  // rounded operation, as reading the shifted text is.
  if (short !== undefined && Number.isInteger(places) && short.significant <= 15 && short.decimals <= 22 && Math.abs(places - short.decimals) <= 22) {
    const digits = Math.round(Math.abs(value) * POWERS_OF_TEN[short.decimals]);
    const shift = places - short.decimals;
    const magnitude = shift >= 0 ? digits * POWERS_OF_TEN[shift] : digits / POWERS_OF_TEN[-shift];

    return value < 0 ? -magnitude : magnitude;
  }
  const signed = value < 0 ? "-" + magnitudeText : magnitudeText;
  const e = signed.indexOf("e");

  if (e === -1) return Number(`${signed}e${places}`);
  return Number(`${signed.slice(0, e)}e${Number(signed.slice(e + 1)) + places}`);
}

export function sum(values: number[] | undefined): number | undefined {
  if (values === undefined) return undefined;
  let total = 0;

  for (const value of values) total += value;
  return total;
}

export function count(values: unknown[] | undefined): number {
  return values === undefined ? 0 : values.length;
}

// Math.max and Math.min with the values as arguments, as JSONata calls them (it uses apply): an
// array too long to pass as arguments fails with a RangeError in both.
export function max(values: number[] | undefined): number | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return Math.max(...values);
}

export function min(values: number[] | undefined): number | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return Math.min(...values);
}

export function average(values: number[] | undefined): number | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return sum(values)! / values.length;
}

export function boolean(value: unknown): boolean | undefined {
  return toBoolean(value);
}

export function not(value: unknown): boolean | undefined {
  return value === undefined ? undefined : !toBoolean(value);
}

export function exists(value: unknown): boolean {
  return value !== undefined;
}

export function string(value: unknown, prettify?: boolean): string | undefined {
  return toJsonataString(value, prettify);
}
