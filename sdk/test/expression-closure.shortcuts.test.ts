import fc from "fast-check";

import { hasAtMostDecimals, toFifteenDigits, toFixedText } from "../src/expression-closure/decimal-text.js";
import { round } from "../src/expression-closure/functions-number.js";
import { splitString } from "../src/expression-closure/functions-text.js";

// The shortcuts must return exactly what the slower built-ins or JSONata steps they replace return.

const anyDouble = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 1000),
  fc.constantFrom(0, -0, 0.1 + 0.2, 1.005, 2.675, 1234.5, 1e21, 1e-7, 123456789012345.6, 0.123456789012345),
);
const places = fc.integer({ min: 0, max: 20 });

// JSONata's $round before the fast path was added, written as it shifts the decimal point.
function roundBySlowPath(value: number, precision: number): number {
  const shift = (n: number, by: number): number => {
    const [mantissa, exponent] = n.toString().split("e");

    return Number(`${mantissa}e${exponent ? Number(exponent) + by : by}`);
  };
  const shifted = precision ? shift(value, precision) : value;
  let result = Math.round(shifted);

  if (Math.abs(result - shifted) === 0.5 && Math.abs(result % 2) === 1) result -= 1;
  if (precision) result = shift(result, -precision);
  return Object.is(result, -0) ? 0 : result;
}

describe("decimal text stand-ins", () => {
  test("toFixedText matches toFixed", () => {
    fc.assert(
      fc.property(anyDouble, places, (value, digits) => {
        const magnitude = Math.abs(value);

        expect(toFixedText(magnitude, digits)).toBe(magnitude.toFixed(digits));
      }),
      { numRuns: 50_000 },
    );
  });

  test("toFifteenDigits matches toPrecision", () => {
    fc.assert(
      fc.property(anyDouble, (value) => {
        expect(Object.is(toFifteenDigits(value), Number(value.toPrecision(15)))).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  test("round with its fast paths matches the slow path", () => {
    fc.assert(
      fc.property(anyDouble, fc.integer({ min: -5, max: 12 }), (value, precision) => {
        expect(Object.is(round(value, precision), roundBySlowPath(value, precision))).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  test("hasAtMostDecimals means rounding keeps the value", () => {
    fc.assert(
      fc.property(anyDouble, places, (value, digits) => {
        if (!hasAtMostDecimals(value, digits)) return;

        expect(roundBySlowPath(value, digits)).toBe(Object.is(value, -0) ? 0 : value);
      }),
      { numRuns: 50_000 },
    );
  });
});

describe("splitString", () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 6 }), fc.constantFrom("", "a,b,,c", ",,", "😀,😀"));
  const separator = fc.oneof(fc.constantFrom("", ",", ",,", "a", "😀", "\uD83D"), fc.string({ maxLength: 2 }));
  const limit = fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(2.7, 2 ** 32 + 1, 2 ** 32, 1e10)), { nil: undefined });

  test("matches String#split", () => {
    fc.assert(
      fc.property(text, separator, limit, (value, by, max) => {
        expect(splitString(value, by, max)).toEqual(value.split(by, max));
      }),
      { numRuns: 50_000 },
    );
  });
});
