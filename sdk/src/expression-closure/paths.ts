import { failure } from "./closure-error.js";
import { BLOCKED_NAMES, collapse, createSequence, isFunctionLike, isSequence, ownValue, pushItem, type Sequence } from "./values.js";

/** One step of a path: a field name and the array indexes that follow it (`b[0][-1]`). */
export interface PathStep {
  readonly name: string;
  readonly indexes: readonly number[];
}

/** Reads a path of field names from the root, with JSONata's flattening of arrays into sequences. */
export type PathReader = (root: unknown) => unknown;

/**
 * Compiles a path. A chain of plain objects takes a direct route; the first array, index or
 * marked object on the way sends the read through {@link readPath}, which follows JSONata's
 * step-by-step evaluation, so both routes give the same value.
 */
export function compilePath(steps: readonly PathStep[], maxSequence: number): PathReader {
  const generic = (root: unknown): unknown => readPath(root, steps, maxSequence);

  if (steps.some((step) => step.indexes.length > 0 || BLOCKED_NAMES.has(step.name))) return generic;
  const names = steps.map((step) => step.name);
  const last = names.length - 1;

  return (root) => {
    let value: unknown = root;

    for (let i = 0; i <= last; i++) {
      if (value === null || typeof value !== "object") return undefined;
      if (Array.isArray(value) || isFunctionLike(value)) return generic(root);
      if (!Object.prototype.hasOwnProperty.call(value, names[i])) return undefined;
      value = (value as Record<string, unknown>)[names[i]];
      if (!Array.isArray(value)) continue;
      // Along a chain of single objects, a plain array found by the last step is the result as
      // it is, and one found by the step before the last is projected by the last name.
      if (i === last && !isSequence(value)) return value;
      if (i === last - 1 && !isSequence(value)) {
        const projected = project(value, names[last], maxSequence);

        return projected === undefined ? generic(root) : projected.value;
      }
      return generic(root);
    }
    return value;
  };
}

/**
 * `array.name` for a plain array of plain objects whose values at `name` are not arrays: the
 * values in order, none as undefined, one as itself, more as a sequence. Returns undefined to hand
 * every other case (nested arrays, marked objects, a sequence over the limit) to the
 * step-by-step evaluation, which also raises D2015 where due.
 */
function project(items: readonly unknown[], name: string, maxSequence: number): { value: unknown } | undefined {
  if (maxSequence > 0 && items.length > maxSequence) return undefined;
  const values = createSequence();

  for (let i = 0; i < items.length; i++) {
    const item = items[i];

    if (item === null || typeof item !== "object") continue;
    if (Array.isArray(item) || isFunctionLike(item)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(item, name)) continue;
    const value = (item as Record<string, unknown>)[name];

    if (Array.isArray(value)) return undefined;
    if (value !== undefined) values.push(value);
  }
  return { value: collapse(values) };
}

/** JSONata's evaluation of a path of names from the root: one step at a time over a sequence. */
export function readPath(root: unknown, steps: readonly PathStep[], maxSequence: number): unknown {
  let input: unknown[] = [root];
  let result: unknown[] = input;

  for (let i = 0; i < steps.length; i++) {
    result = readStep(input, steps[i], i === steps.length - 1, maxSequence);
    if (result.length === 0) break;
    input = result;
  }
  return collapse(result);
}

// One step over every item of the input. JSONata gathers the values the step finds into one
// sequence and then flattens it into another. This builds the flattened one directly and counts
// the values, to raise D2015 where JSONata's first sequence would.
function readStep(input: readonly unknown[], step: PathStep, lastStep: boolean, maxSequence: number): unknown[] {
  const flattened = createSequence();
  let found = 0;
  let first: unknown;

  for (let k = 0; k < input.length; k++) {
    const item = input[k];
    let value = Array.isArray(item) ? lookup(item, step.name, maxSequence) : ownValue(item, step.name);

    if (Array.isArray(value)) value = collapse(value);

    for (let i = 0; i < step.indexes.length; i++) value = pickIndex(value, step.indexes[i], maxSequence);
    if (value === undefined) continue;
    found++;
    if (maxSequence > 0 && found > maxSequence) throw failure("D2015", { value: maxSequence });
    if (found === 1) first = value;
    if (!Array.isArray(value) || (value as { cons?: boolean }).cons) pushItem(flattened, value, maxSequence);
    else for (const member of value) pushItem(flattened, member, maxSequence);
  }
  // A single array found by the last step is the result itself, not flattened into a sequence.
  if (lastStep && found === 1 && Array.isArray(first) && !isSequence(first)) return first;
  return flattened;
}

// A name looked up in an array is looked up in each member, and the results are gathered.
function lookup(item: unknown, name: string, maxSequence: number): unknown {
  if (!Array.isArray(item)) return ownValue(item, name);
  const gathered = createSequence();

  for (const member of item) {
    const value = lookup(member, name, maxSequence);

    if (value === undefined) continue;
    if (Array.isArray(value)) for (const each of value) pushItem(gathered, each, maxSequence);
    else pushItem(gathered, value, maxSequence);
  }
  return gathered;
}

// `[n]` after a step: a single value counts as a one-item array, a negative n counts from the end,
// and a picked item that is itself an array replaces the whole result.
function pickIndex(value: unknown, index: number, maxSequence: number): Sequence | unknown[] {
  const list = Array.isArray(value) ? value : [value];
  let position = Math.floor(index);

  if (position < 0) position = list.length + position;
  const item = list[position];
  const picked = createSequence();

  if (item === undefined) return picked;
  if (Array.isArray(item)) return item;
  pushItem(picked, item, maxSequence);
  return picked;
}
