import type { AstNode, Closure } from "./compile-closure.js";
import { failure } from "./closure-error.js";

/** An item of an array constructor: its AST node and its closure. */
export interface ArrayItem {
  readonly node: AstNode;
  readonly closure: Closure;
}

/**
 * Compiles `[a, b, ...]`. Missing items are dropped; an item that is itself an array constructor
 * stays nested, and any other array is spliced in. Growing past the sequence limit raises D2015.
 * JSONata evaluates the items concurrently, so when two items fail, its scheduling decides which
 * error wins. The constructor is therefore compiled only when at most one item can fail, or when
 * every item that can fail is a path, whose only failure is D2015.
 */
export function compileArray(items: readonly ArrayItem[], maxSequence: number, unsupported: (reason: string) => Error): Closure {
  const fallible = items.filter((item) => !isLiteralTree(item.node));

  if (fallible.length > 1 && !fallible.every((item) => item.node.type === "path")) {
    throw unsupported("an array constructor with several items that can fail is not compiled to closures");
  }
  // JSONata nests any item whose node value is "[": an array constructor, or the string literal "[".
  const nested = items.map((item) => item.node.value === "[");
  const closures = items.map((item) => item.closure);

  return (root, env) => {
    const values = closures.map((closure) => closure(root, env));
    const result: unknown[] = [];

    for (let i = 0; i < values.length; i++) {
      const value = values[i];

      if (value === undefined) continue;
      if (nested[i]) {
        result.push(value);
        continue;
      }
      const added = Array.isArray(value) ? value.length : 1;

      // JSONata checks this limit on every append, so a limit of 0 rejects any item here, while
      // for sequences 0 means no limit.
      if (result.length + added > maxSequence) throw failure("D2015", { value: result.length + added });
      if (Array.isArray(value)) for (const member of value) result.push(member);
      else result.push(value);
    }
    return result;
  };
}

function isLiteralTree(node: AstNode): boolean {
  if (node.type === "string" || node.type === "number" || node.type === "value") return true;
  if (node.type === "unary" && node.value === "[") return (node.expressions as AstNode[]).every(isLiteralTree);
  return false;
}
