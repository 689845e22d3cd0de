import { failure } from "./closure-error.js";

/**
 * JSONata's sequence: an array flagged `sequence: true`, which the evaluator flattens into paths
 * and unwraps when it contains one item. Closures build and flag sequences the same way, so a value
 * a closure stores in a variable behaves identically when a JSONata-mode expression reads it.
 */
export type Sequence = unknown[] & { sequence: true; keepSingleton?: boolean; tupleStream?: boolean };

/** Names a closure never reads, whatever the data contains: the ways into an object's prototype. */
export const BLOCKED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

// The same test as BLOCKED_NAMES.has, written out because it runs on every property read.
function isBlockedName(name: string): boolean {
  return name === "__proto__" || name === "constructor" || name === "prototype";
}

export function createSequence(): Sequence {
  const sequence = [] as unknown as Sequence;

  sequence.sequence = true;
  return sequence;
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Partial<Sequence>).sequence === true;
}

/**
 * Appends to a sequence, enforcing the evaluation's sequence limit as JSONata does (D2015). A
 * limit of 0 means no limit, as in JSONata.
 */
export function pushItem(sequence: Sequence, item: unknown, maxSequence: number): void {
  if (maxSequence > 0 && sequence.length + 1 > maxSequence) throw failure("D2015", { value: maxSequence });
  sequence.push(item);
}

/** Unwraps a sequence the way JSONata finishes every evaluation step: none is undefined, one is the item. */
export function collapse(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const sequence = value as Partial<Sequence>;

  if (sequence.sequence !== true || sequence.tupleStream) return value;
  if (value.length === 0) return undefined;
  if (value.length === 1 && !sequence.keepSingleton) return value[0];
  return value;
}

/**
 * JSONata treats objects that carry its internal function markers like functions; data can carry
 * them too, so closures check the same markers.
 */
export function isFunctionLike(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (value === null || typeof value !== "object") return false;
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };

  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}

/** True for a number other than NaN; ±Infinity raises D1001, as JSONata's numeric check does. */
export function isNumeric(value: unknown): value is number {
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) throw failure("D1001", { value });
  return true;
}

/** Reads an own property of an object, or undefined; prototype names always give undefined. */
export function ownValue(container: unknown, name: string): unknown {
  if (container === null || typeof container !== "object" || isBlockedName(name)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(container, name) || isFunctionLike(container)) return undefined;
  return (container as Record<string, unknown>)[name];
}

/** JSONata's effective boolean value (`$boolean`): undefined stays undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return toBoolean(value[0]);
    // Every item is cast, not just up to the first true one: a later Infinity still raises D1001.
    let anyTrue = false;

    for (const item of value) if (toBoolean(item)) anyTrue = true;
    return anyTrue;
  }
  if (typeof value === "string") return value.length > 0;
  if (isNumeric(value)) return value !== 0;
  if (value !== null && typeof value === "object" && !isFunctionLike(value)) return Object.keys(value).length > 0;
  return value === true;
}

/**
 * The one-letter type JSONata's signatures test: s string, n number, b boolean, l null, a array,
 * o object, f function, m missing.
 */
export function typeSymbol(value: unknown): string {
  switch (typeof value) {
    case "string":
      return "s";
    case "number":
      return "n";
    case "boolean":
      return "b";
    case "function":
      return "f";
    case "object":
      if (value === null) return "l";
      if (isFunctionLike(value)) return "f";
      return Array.isArray(value) ? "a" : "o";
    default:
      return "m";
  }
}

/**
 * JSONata's `=`: deep equality where arrays compare item by item and other objects by their own
 * property names and values. NaN equals nothing. `sequencesLimited` is true when JSONata gives
 * its sequences an own `push` function, as it does when a sequence limit is set; no data value
 * can equal that function, so a sequence then differs from every plain object.
 */
export function deepEqual(left: unknown, right: unknown, sequencesLimited: boolean): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== "object" || typeof right !== "object") return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!deepEqual(left[i], right[i], sequencesLimited)) return false;
    return true;
  }
  const leftNames = ownNames(left, sequencesLimited);
  const rightNames = ownNames(right, sequencesLimited);

  if (leftNames.length !== rightNames.length) return false;
  for (let i = 0; i < leftNames.length; i++) if (leftNames[i] !== rightNames[i]) return false;
  for (const name of leftNames) {
    if (!deepEqual((left as Record<string, unknown>)[name], (right as Record<string, unknown>)[name], sequencesLimited)) return false;
  }
  return true;
}

// The sorted own property names JSONata compares, including the `push` its limited sequences own.
function ownNames(value: object, sequencesLimited: boolean): string[] {
  const names = Object.getOwnPropertyNames(value);

  if (sequencesLimited && isSequence(value) && !names.includes("push")) names.push("push");
  return names.sort();
}
