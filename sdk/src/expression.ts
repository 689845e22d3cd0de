import jsonata from "jsonata";

import { compileClosure, type AstNode } from "./expression-closure/compile-closure.js";
import { ClosureCompiledExpression } from "./expression-closure/closure-expression.js";
import { JsonataCompiledExpression, prepareEngine, type JsonataFailure } from "./expression-engine.js";
import { ExpressionError } from "./expression-error.js";
import { collectReads } from "./expression-reads.js";

/** Limits applied to every expression evaluation. */
export interface ExpressionLimits {
  /** Wall-clock limit of one evaluation in milliseconds. Default 100. */
  timeoutMs: number;
  /** Maximum nesting of evaluation (recursion) depth. Default 200. */
  maxDepth: number;
  /** Maximum length of one sequence (array) built during evaluation. Default 100,000. */
  maxSequence: number;
}

/** Default {@link ExpressionLimits}. */
export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 100, maxDepth: 200, maxSequence: 100_000 };

/** Environment an evaluation reads besides the variables: the session's clock for `$now()`/`$millis()`. */
export interface EvaluationEnvironment {
  now(): number;
}

export { ExpressionError } from "./expression-error.js";

/** Evaluation mode of an expression: a synchronous closure, or JSONata's own evaluator. */
export type ExpressionMode = "closure" | "jsonata";

interface ExpressionBase {
  readonly source: string;
  /** Names of variables the expression reads (first steps of its paths). */
  readonly reads: readonly string[];
  /**
   * Evaluates against the variables; in both modes the result arrives as a promise, and a
   * failure rejects it with an {@link ExpressionError}.
   */
  evaluate(variables: object, environment: EvaluationEnvironment): Promise<unknown>;
}

/**
 * An expression in the closure subset, compiled to a JavaScript closure: same results and
 * error codes as JSONata 2.2.2, evaluated synchronously.
 * NOTE: `timeoutMs` does not apply to closures. They loop only over the data and over a number's
 * digits, so their time grows with the size of the data, and `$pad` and `$replace` stop at
 * 16 Mi characters (`string-limit`). Paths through `__proto__`, `constructor` or `prototype` give undefined even
 * where the data owns such a key, which JSONata would read.
 */
export interface ClosureExpression extends ExpressionBase {
  readonly mode: "closure";
  /**
   * Evaluates synchronously.
   *
   * @throws ExpressionError with JSONata's error code
   */
  evaluateSync(variables: object, environment: EvaluationEnvironment): unknown;
}

/** An expression that JSONata's own evaluator runs, asynchronously, with the time and depth limits. */
export interface EngineExpression extends ExpressionBase {
  readonly mode: "jsonata";
  /** Reason the expression is not compiled to a closure, such as `$map is not compiled to closures`. */
  readonly fallbackReason: string;
}

/**
 * A parsed expression, ready to evaluate many times. `mode` shows whether it evaluates
 * synchronously (`evaluateSync`) or only through the promise of `evaluate`.
 */
export type CompiledExpression = ClosureExpression | EngineExpression;

/**
 * Evaluates an expression synchronously when it is in closure mode, through a promise otherwise.
 *
 * @throws ExpressionError at once for a failing closure-mode expression (a JSONata-mode one rejects)
 * @example
 * const value = await evaluateExpression(expression, variables, environment);
 */
export function evaluateExpression(expression: CompiledExpression, variables: object, environment: EvaluationEnvironment): unknown | Promise<unknown> {
  return expression.mode === "closure" ? expression.evaluateSync(variables, environment) : expression.evaluate(variables, environment);
}

/** Options of {@link compileExpression}. */
export interface CompileExpressionOptions {
  /**
   * Compile expressions in the closure subset to closures. Default true; false leaves every
   * expression to the JSONata engine, for comparing the two.
   */
  closures?: boolean;
}

type JsonataExpression = ReturnType<typeof jsonata>;

// One parse per expression text and limits, with the compiled form of each mode made on demand.
interface CacheEntry {
  readonly expression: JsonataExpression;
  readonly reads: string[];
  closureMode?: CompiledExpression;
  engineMode?: EngineExpression;
}

// Parsing costs about 145 µs; flows repeat expressions, so identical texts share one parse.
const parseCache = new Map<string, CacheEntry>();
const PARSE_CACHE_LIMIT = 10_000;

/**
 * Parses a JSONata expression once and compiles it: to a synchronous closure when it is in the
 * closure subset, otherwise for JSONata's own evaluator with the given limits. Identical texts
 * with identical limits return the same object.
 *
 * @throws ExpressionError with JSONata's code when the text does not parse
 * @example
 * const expr = compileExpression("amount * 2");
 * expr.mode; // "closure"
 * if (expr.mode === "closure") expr.evaluateSync({ amount: 21 }, { now: Date.now }); // 42
 * await expr.evaluate({ amount: 21 }, { now: Date.now }); // 42, in either mode
 */
export function compileExpression(
  source: string,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
  options: CompileExpressionOptions = {},
): CompiledExpression {
  const key = `${limits.timeoutMs}:${limits.maxDepth}:${limits.maxSequence}:${source}`;
  let entry = parseCache.get(key);

  if (entry === undefined) {
    entry = parse(source, limits);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value!);
    parseCache.set(key, entry);
  }
  if (options.closures === false) return engineMode(entry, source, "closures were turned off");
  entry.closureMode ??= closureMode(entry, source, limits);
  return entry.closureMode;
}

function closureMode(entry: CacheEntry, source: string, limits: ExpressionLimits): CompiledExpression {
  const compiled = compileClosure(entry.expression.ast() as AstNode, limits);

  if (!compiled.ok) return engineMode(entry, source, compiled.reason);
  return new ClosureCompiledExpression(source, compiled.closure, entry.reads);
}

function engineMode(entry: CacheEntry, source: string, reason: string): EngineExpression {
  entry.engineMode ??= new JsonataCompiledExpression(source, entry.expression, entry.reads, reason);
  return entry.engineMode;
}

function parse(source: string, limits: ExpressionLimits): CacheEntry {
  let expression: JsonataExpression;

  try {
    expression = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
    } as Parameters<typeof jsonata>[1]);
  } catch (error) {
    const failure = error as JsonataFailure;

    throw new ExpressionError(failure.code ?? "S0000", failure.message ?? String(error), source, failure.position);
  }
  return { expression: prepareEngine(expression), reads: collectReads(expression.ast()) };
}
