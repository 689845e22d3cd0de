import type { EvaluationEnvironment } from "../expression.js";
import { BUILT_INS, NOT_LITERAL, type BuiltIn } from "./function-table.js";
import {
  arithmetic,
  concatenate,
  equality,
  includes,
  negate,
  order,
  sideTruth,
  withPosition,
  type ArithmeticOperator,
  type OrderOperator,
} from "./operators.js";
import { compilePath, type PathStep } from "./paths.js";
import type { Signature } from "./signature.js";
import { toBoolean } from "./values.js";
import { compileArray, type ArrayItem } from "./array-constructor.js";
import { compileObject, type ObjectPair } from "./object-constructor.js";

/** A compiled expression: reads the variables (the root) and the session's clock, synchronously. */
export type Closure = (root: unknown, environment: EvaluationEnvironment) => unknown;

/** Limits that change what a closure must do to match JSONata. */
export interface ClosureLimits {
  /** JSONata's `stack` option: deeper expressions are left to the engine, which raises D1011. */
  readonly maxDepth: number;
  /** JSONata's `sequence` option, enforced with D2015. */
  readonly maxSequence: number;
}

/** The outcome of {@link compileClosure}: a closure, or why the expression stays with JSONata. */
export type ClosureCompilation = { ok: true; closure: Closure } | { ok: false; reason: string };

/** An expression node of JSONata's parser (`jsonata(text).ast()`), as far as closures read it. */
export interface AstNode {
  readonly type: string;
  readonly value?: unknown;
  readonly position?: number;
  readonly [key: string]: unknown;
}

/** Raised during compilation for a construct outside the closure subset. */
class Unsupported extends Error {}

/**
 * Compiles a JSONata AST to a synchronous closure when every construct in it is in the subset
 * closures reproduce exactly: literals, paths of field names with array indexes, arithmetic,
 * comparison, `and`, `or`, `in`, `&`, `? :`, parentheses, array and object constructors, the built-in
 * functions in {@link BUILT_INS} plus `$now()` and `$millis()`. Anything else is reported with the
 * reason, for the JSONata engine to evaluate.
 */
export function compileClosure(ast: AstNode, limits: ClosureLimits): ClosureCompilation {
  try {
    const depth = nestingDepth(ast);

    if (limits.maxDepth > 0 && depth > limits.maxDepth) {
      return { ok: false, reason: `nesting depth ${depth} is over the limit of ${limits.maxDepth}` };
    }
    return { ok: true, closure: new ClosureBuilder(limits).build(ast) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    throw error;
  }
}

// Keys each node type may carry. A key outside these (a predicate, a grouping, `keepArray`,
// a focus or index binding...) means a construct closures do not reproduce.
const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  string: ["type", "value", "position"],
  number: ["type", "value", "position"],
  value: ["type", "value", "position"],
  path: ["type", "steps"],
  name: ["type", "value", "position", "stages"],
  binary: ["type", "value", "position", "lhs", "rhs"],
  unary: ["type", "value", "position", "expression", "expressions", "lhs"],
  condition: ["type", "position", "condition", "then", "else"],
  block: ["type", "position", "expressions"],
  function: ["type", "name", "value", "position", "arguments", "procedure"],
  variable: ["type", "value", "position"],
};

function checkKeys(node: AstNode): void {
  const allowed = ALLOWED_KEYS[node.type];

  if (allowed === undefined) throw new Unsupported(`"${node.type}" expressions are not compiled to closures`);
  for (const key of Object.keys(node)) {
    // The parser leaves some keys present but undefined (`name` on calls).
    if (node[key] !== undefined && !allowed.includes(key)) throw new Unsupported(`"${key}" on a ${node.type} expression is not compiled to closures`);
  }
}

// An upper bound of JSONata's evaluation depth for the expression: one level per evaluated node.
function nestingDepth(node: AstNode): number {
  const children: AstNode[] = [];

  for (const key of ["lhs", "rhs", "expression", "condition", "then", "else", "procedure"]) {
    if (isNode(node[key])) children.push(node[key] as AstNode);
  }
  for (const key of ["expressions", "arguments", "steps"]) {
    if (Array.isArray(node[key])) children.push(...(node[key] as AstNode[]).filter(isNode));
  }
  // An object constructor keeps its key and value pairs in `lhs`.
  if (Array.isArray(node.lhs)) children.push(...(node.lhs as unknown[]).flat().filter(isNode));
  return 1 + children.reduce((deepest, child) => Math.max(deepest, nestingDepth(child)), 0);
}

function isNode(value: unknown): value is AstNode {
  return value !== null && typeof value === "object" && typeof (value as AstNode).type === "string";
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%"]);
const ORDER = new Set(["<", "<=", ">", ">="]);

class ClosureBuilder {
  constructor(private readonly limits: ClosureLimits) {}

  build(node: AstNode): Closure {
    checkKeys(node);
    switch (node.type) {
      case "string":
      case "number":
      case "value":
        return constant(node.value);
      case "path":
        return this.path(node);
      case "binary":
        return this.binary(node);
      case "unary":
        return this.unary(node);
      case "condition":
        return this.condition(node);
      case "block":
        return this.block(node);
      case "function":
        return this.call(node);
      default:
        throw new Unsupported(`"${node.type}" expressions are not compiled to closures`);
    }
  }

  private path(node: AstNode): Closure {
    const steps = (node.steps as AstNode[]).map(pathStep);
    const read = compilePath(steps, this.limits.maxSequence);

    return (root) => read(root);
  }

  private binary(node: AstNode): Closure {
    const operator = node.value as string;
    const position = node.position ?? 0;
    const left = this.build(node.lhs as AstNode);
    const right = this.build(node.rhs as AstNode);
    const limited = this.limits.maxSequence > 0;

    if (ARITHMETIC.has(operator)) {
      const op = operator as ArithmeticOperator;

      return (root, env) => arithmetic(op, left(root, env), right(root, env), position);
    }
    if (ORDER.has(operator)) {
      const op = operator as OrderOperator;

      return (root, env) => order(op, left(root, env), right(root, env), position);
    }
    switch (operator) {
      case "=":
        return (root, env) => equality(false, left(root, env), right(root, env), limited);
      case "!=":
        return (root, env) => equality(true, left(root, env), right(root, env), limited);
      case "in":
        return (root, env) => {
          const value = left(root, env);

          return includes(value, right(root, env));
        };
      case "&":
        return (root, env) => {
          const value = left(root, env);

          return concatenate(value, right(root, env), position);
        };
      case "and":
        return (root, env) => sideTruth(left(root, env), position) && sideTruth(right(root, env), position);
      case "or":
        return (root, env) => sideTruth(left(root, env), position) || sideTruth(right(root, env), position);
      default:
        throw new Unsupported(`the operator "${operator}" is not compiled to closures`);
    }
  }

  private unary(node: AstNode): Closure {
    const position = node.position ?? 0;

    if (node.value === "-") {
      const operand = this.build(node.expression as AstNode);

      return (root, env) => negate(operand(root, env), position);
    }
    if (node.value === "{") return this.object(node);
    if (node.value !== "[") throw new Unsupported(`the operator "${String(node.value)}" is not compiled to closures`);
    const items = (node.expressions as AstNode[]).map((item): ArrayItem => ({ node: item, closure: this.build(item) }));

    return compileArray(items, this.limits.maxSequence, (reason) => new Unsupported(reason));
  }

  private object(node: AstNode): Closure {
    const pairs = (node.lhs as AstNode[][]).map(([key, value]): ObjectPair => {
      checkKeys(key);
      if (key.type !== "string") throw new Unsupported("an object constructor with a computed key is not compiled to closures");
      return { key: key.value as string, value, closure: this.build(value) };
    });

    return compileObject(pairs, (reason) => new Unsupported(reason));
  }

  private condition(node: AstNode): Closure {
    const test = this.build(node.condition as AstNode);
    const then = this.build(node.then as AstNode);
    const otherwise = node.else === undefined ? undefined : this.build(node.else as AstNode);

    return (root, env) => {
      if (toBoolean(test(root, env))) return then(root, env);
      return otherwise === undefined ? undefined : otherwise(root, env);
    };
  }

  private block(node: AstNode): Closure {
    const parts = (node.expressions as AstNode[]).map((part) => this.build(part));

    if (parts.length === 1) return parts[0];
    return (root, env) => {
      let result: unknown;

      for (const part of parts) result = part(root, env);
      return result;
    };
  }

  private call(node: AstNode): Closure {
    const procedure = node.procedure as AstNode;

    checkKeys(procedure);
    if (procedure.type !== "variable") throw new Unsupported("calls of computed functions are not compiled to closures");
    const name = procedure.value as string;
    const argumentNodes = node.arguments as AstNode[];
    const position = node.position ?? 0;

    if (name === "millis" || name === "now") return clockCall(name, argumentNodes.length);
    const builtIn = BUILT_INS.get(name);

    if (builtIn === undefined) throw new Unsupported(`$${name} is not compiled to closures`);
    if (builtIn.arities !== undefined && !builtIn.arities.includes(argumentNodes.length)) {
      throw new Unsupported(`$${name} with ${argumentNodes.length} arguments is not compiled to closures`);
    }
    const args = argumentNodes.map((arg) => this.build(arg));
    const literals = argumentNodes.map((arg) => (arg.type === "string" || arg.type === "number" || arg.type === "value" ? arg.value : NOT_LITERAL));
    const { signature } = builtIn;
    const call = builtIn.specialize?.(literals) ?? builtIn.call;

    if (args.length === 2 && signature.takesCount(2)) return twoArgumentCall(args, literals, signature, call, position);
    return (root, env) => {
      const values = new Array<unknown>(args.length);

      for (let i = 0; i < args.length; i++) values[i] = args[i](root, env);
      try {
        return call(...signature.validate(values, root));
      } catch (error) {
        throw withPosition(error, position);
      }
    };
  }
}

// A call with two arguments, the most common arity. Arguments that fit their parameters as they
// stand pass straight to the function, with no array built; a literal argument is checked once
// here. Any other case takes the signature's full validation.
function twoArgumentCall(args: readonly Closure[], literals: readonly unknown[], signature: Signature, call: BuiltIn["call"], position: number): Closure {
  const [first, second] = args;
  const checkFirst = literals[0] === NOT_LITERAL || !signature.fitsAt(0, literals[0]);
  const checkSecond = literals[1] === NOT_LITERAL || !signature.fitsAt(1, literals[1]);

  return (root, env) => {
    const a = first(root, env);
    const b = second(root, env);

    try {
      if ((!checkFirst || signature.fitsAt(0, a)) && (!checkSecond || signature.fitsAt(1, b))) return call(a, b);
      return call(...signature.validate([a, b], root));
    } catch (error) {
      throw withPosition(error, position);
    }
  };
}

function constant(value: unknown): Closure {
  return () => value;
}

function pathStep(step: AstNode): PathStep {
  checkKeys(step);
  if (step.type !== "name") throw new Unsupported(`a "${step.type}" step in a path is not compiled to closures`);
  const stages = (step.stages as AstNode[] | undefined) ?? [];
  const indexes = stages.map((stage) => {
    const keys = Object.keys(stage);
    const expr = stage.expr as AstNode | undefined;

    if (stage.type !== "filter" || keys.some((key) => !["type", "expr", "position"].includes(key)) || expr?.type !== "number") {
      throw new Unsupported("a filter other than a literal array index is not compiled to closures");
    }
    checkKeys(expr);
    return expr.value as number;
  });

  return { name: step.value as string, indexes };
}

// `$now()` and `$millis()` read the session's clock. With arguments (a picture or a time zone)
// they are left to the JSONata engine.
function clockCall(name: "now" | "millis", argumentCount: number): Closure {
  if (argumentCount > 0) throw new Unsupported(`$${name} with arguments is not compiled to closures`);
  if (name === "millis") return (_root, env) => env.now();
  // Formatting a date costs about 1 µs; evaluations in the same millisecond reuse the text.
  let lastMs = Number.NaN;
  let lastText = "";

  return (_root, env) => {
    const ms = env.now();

    if (ms !== lastMs) {
      lastText = isoTimestamp(ms);
      lastMs = ms;
    }
    return lastText;
  };
}

/**
 * Formats the clock's time as `$now()` does: JSONata's `$fromMillis` with its default picture,
 * which is ISO 8601 with a four-digit year. Outside the years 0 to 9999 it keeps the year's last
 * four digits, and so does this.
 */
export function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();

  if (!iso.startsWith("+") && !iso.startsWith("-")) return iso;
  const sign = iso.startsWith("-") ? "-" : "";
  const yearEnd = iso.indexOf("-", 1);
  const year = Number(iso.slice(1, yearEnd)) % 10_000;

  return sign + String(year).padStart(4, "0") + iso.slice(yearEnd);
}
