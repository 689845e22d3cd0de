import type { AstNode, Closure } from "./compile-closure.js";

/** A pair of an object constructor: its literal key and the closure of its value. */
export interface ObjectPair {
  readonly key: string;
  readonly value: AstNode;
  readonly closure: Closure;
}

// Keys JSONata reserves for its own function objects.
const RESERVED_KEYS = new Set(["_jsonata_lambda", "_jsonata_function"]);

/**
 * Compiles `{"key": value, ...}` with literal string keys, evaluated against the root as
 * JSONata's grouping does for a single input. A value that is missing leaves its key out, and the
 * result has no prototype, like JSONata's. JSONata evaluates the values concurrently, so, as for
 * array constructors, the constructor is compiled only when at most one value can fail or every
 * value that can fail is a path. A key used twice (D1009 in JSONata) or a reserved key (D1013) is
 * left to the engine.
 */
export function compileObject(pairs: readonly ObjectPair[], unsupported: (reason: string) => Error): Closure {
  const keys = pairs.map((pair) => pair.key);

  if (new Set(keys).size !== keys.length) throw unsupported("an object constructor with a repeated key is not compiled to closures");
  if (keys.some((key) => RESERVED_KEYS.has(key))) throw unsupported("an object constructor with a reserved key is not compiled to closures");
  const fallible = pairs.filter((pair) => !isLiteral(pair.value));

  if (fallible.length > 1 && !fallible.every((pair) => pair.value.type === "path")) {
    throw unsupported("an object constructor with several values that can fail is not compiled to closures");
  }
  const closures = pairs.map((pair) => pair.closure);

  return (root, env) => {
    const values = closures.map((closure) => closure(root, env));
    const result: Record<string, unknown> = Object.create(null);

    for (let i = 0; i < keys.length; i++) {
      if (values[i] !== undefined) result[keys[i]] = values[i];
    }
    return result;
  };
}

function isLiteral(node: AstNode): boolean {
  return node.type === "string" || node.type === "number" || node.type === "value";
}
