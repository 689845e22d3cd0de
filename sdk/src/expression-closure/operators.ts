import { failure } from "./closure-error.js";
import { toJsonataString } from "./stringify.js";
import { deepEqual, isNumeric, toBoolean } from "./values.js";

/** Arithmetic operators of JSONata. */
export type ArithmeticOperator = "+" | "-" | "*" | "/" | "%";

/** Ordering operators, defined for two numbers or two strings. */
export type OrderOperator = "<" | "<=" | ">" | ">=";

/**
 * `+ - * / %`: both sides must be numbers (T2001 left, T2002 right, D1001 for ±Infinity), and
 * a missing side gives undefined. NaN and ±Infinity may come out: JSONata passes them on.
 */
export function arithmetic(operator: ArithmeticOperator, left: unknown, right: unknown, position: number): unknown {
  if (left !== undefined && !checkedNumeric(left, position)) throw failure("T2001", { token: operator, value: left }, position);
  if (right !== undefined && !checkedNumeric(right, position)) throw failure("T2002", { token: operator, value: right }, position);
  if (left === undefined || right === undefined) return undefined;
  const l = left as number;
  const r = right as number;

  switch (operator) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "/":
      return l / r;
    case "%":
      return l % r;
  }
}

// The numeric check with the operator's position attached to D1001.
function checkedNumeric(value: unknown, position: number): boolean {
  try {
    return isNumeric(value);
  } catch (error) {
    throw withPosition(error, position);
  }
}

/** Unary minus: undefined stays undefined, anything but a number raises D1002. */
export function negate(value: unknown, position: number): unknown {
  if (value === undefined) return undefined;
  if (checkedNumeric(value, position)) return -(value as number);
  throw failure("D1002", { token: "-", value }, position);
}

/** `=` and `!=`: false when either side is missing, otherwise deep equality. */
export function equality(negated: boolean, left: unknown, right: unknown, sequencesLimited: boolean): boolean {
  if (left === undefined || right === undefined) return false;
  return deepEqual(left, right, sequencesLimited) !== negated;
}

/**
 * `< <= > >=`: each side must be a number, a string or missing (T2010); missing gives undefined;
 * a number against a string raises T2009.
 */
export function order(operator: OrderOperator, left: unknown, right: unknown, position: number): boolean | undefined {
  const leftType = typeof left;
  const rightType = typeof right;
  const leftComparable = leftType === "undefined" || leftType === "string" || leftType === "number";
  const rightComparable = rightType === "undefined" || rightType === "string" || rightType === "number";

  if (!leftComparable || !rightComparable) {
    const value = leftType === "string" || leftType === "number" ? right : left;

    throw failure("T2010", { token: operator, value }, position);
  }
  if (left === undefined || right === undefined) return undefined;
  if (leftType !== rightType) throw failure("T2009", { token: operator, value: left, value2: right }, position);
  const l = left as number | string;
  const r = right as number | string;

  switch (operator) {
    case "<":
      return l < r;
    case "<=":
      return l <= r;
    case ">":
      return l > r;
    case ">=":
      return l >= r;
  }
}

/** `in`: strict membership of the left value in the right (a single value counts as a list of one). */
export function includes(left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return false;
  if (!Array.isArray(right)) return right === left;
  for (const item of right) if (item === left) return true;
  return false;
}

/** `&`: both sides as `$string` prints them, a missing side as "". */
export function concatenate(left: unknown, right: unknown, position: number): string {
  try {
    const l = left === undefined ? "" : toJsonataString(left)!;
    const r = right === undefined ? "" : toJsonataString(right)!;

    return l + r;
  } catch (error) {
    throw withPosition(error, position);
  }
}

/** Converts a side of `and`/`or` to a boolean, with a missing side as false. */
export function sideTruth(value: unknown, position: number): boolean {
  try {
    return toBoolean(value) ?? false;
  } catch (error) {
    throw withPosition(error, position);
  }
}

/** Gives a failure that has no position yet the position of the operator or call that raised it. */
export function withPosition(error: unknown, position: number): unknown {
  const positioned = error as { position?: number };

  if (error !== null && typeof error === "object" && positioned.position === undefined) positioned.position = position;
  return error;
}
