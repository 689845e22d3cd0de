import { ClosureError } from "./closure-error.js";

/**
 * Longest string, in UTF-16 code units, that `$pad` and `$replace` may build in a closure: 16 Mi.
 * JSONata 2.2.2 has no bound of its own below V8's maximum string length (about 2^29 units), and
 * building strings that large blocks the event loop for seconds, which its time limit cannot
 * interrupt because the work happens inside one function call.
 * NOTE: closures raise `string-limit` past this length, where JSONata would still succeed slowly.
 */
export const MAX_BUILT_STRING = 16 * 1024 * 1024;

/** Raises `string-limit` when a string being built would pass {@link MAX_BUILT_STRING}. */
export function checkBuiltLength(length: number, functionName: string): void {
  if (length > MAX_BUILT_STRING) {
    throw new ClosureError("string-limit", `$${functionName} would build a string of ${length} characters; the limit is ${MAX_BUILT_STRING}`);
  }
}
