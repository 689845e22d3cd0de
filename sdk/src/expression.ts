import jsonata from "jsonata";

import { pendingWork } from "./clock.js";

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

/** What an evaluation may read besides the variables: the session's clock for `$now()`/`$millis()`. */
export interface EvaluationEnvironment {
  now(): number;
}

/** An expression failed to parse or to evaluate. `code` is JSONata's error code, such as T2001. */
export class ExpressionError extends Error {
  readonly code: string;
  readonly position: number | undefined;
  readonly source: string;

  constructor(code: string, message: string, source: string, position?: number) {
    super(message);
    this.name = "ExpressionError";
    this.code = code;
    this.source = source;
    this.position = position;
  }
}

/** A parsed expression, ready to evaluate many times. */
export interface CompiledExpression {
  readonly source: string;
  /** Names of variables the expression reads (first steps of its paths). */
  readonly reads: readonly string[];
  evaluate(variables: object, environment: EvaluationEnvironment): Promise<unknown>;
}

type JsonataExpression = ReturnType<typeof jsonata>;

interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

// Parsing costs about 145 µs; flows repeat expressions, so identical texts share one parse.
const parseCache = new Map<string, { expression: JsonataExpression; reads: string[] }>();
const PARSE_CACHE_LIMIT = 10_000;

// Evaluation steps between checks of whether a long evaluation should let other work run.
const YIELD_CHECK_STEPS = 512;
// An evaluation that has run this long without a break yields to the event loop.
const YIELD_AFTER_MS = 4;

/**
 * Parses a JSONata expression once, with the given limits applied to each evaluation.
 *
 * @throws ExpressionError with JSONata's code when the text does not parse
 * @example
 * const expr = compileExpression("amount * 2");
 * await expr.evaluate({ amount: 21 }, { now: Date.now }); // 42
 */
export function compileExpression(source: string, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompiledExpression {
  const key = `${limits.timeoutMs}:${limits.maxDepth}:${limits.maxSequence}:${source}`;
  let parsed = parseCache.get(key);

  if (parsed === undefined) {
    parsed = parse(source, limits);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value!);
    parseCache.set(key, parsed);
  }
  return new JsonataCompiledExpression(source, parsed.expression, parsed.reads);
}

function parse(source: string, limits: ExpressionLimits): { expression: JsonataExpression; reads: string[] } {
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
  expression.assign(Symbol.for("jsonata.__evaluate_entry") as unknown as string, yieldWhenLong);
  return { expression, reads: collectReads(expression.ast()) };
}

class JsonataCompiledExpression implements CompiledExpression {
  constructor(
    readonly source: string,
    private readonly expression: JsonataExpression,
    readonly reads: readonly string[],
  ) {}

  async evaluate(variables: object, environment: EvaluationEnvironment): Promise<unknown> {
    pendingWork.count++;
    try {
      return await this.expression.evaluate(variables, clockBindings(environment));
    } catch (error) {
      const failure = error as JsonataFailure;

      throw new ExpressionError(
        failure.code ?? "D0000",
        `expression "${this.source}" failed: ${failure.message ?? String(error)}`,
        this.source,
        failure.position,
      );
    } finally {
      pendingWork.count--;
    }
  }
}

// Formats like JSONata's own `$now(picture, timezone)`, which the binding below replaces.
const formatMillis = jsonata("$fromMillis($ms, $picture, $timezone)");

// `$now()` and `$millis()` read the session's clock, so virtual-clock tests are repeatable.
function clockBindings(environment: EvaluationEnvironment): Record<string, unknown> {
  return {
    millis: () => environment.now(),
    now: (picture?: string, timezone?: string) => formatMillis.evaluate({}, { ms: environment.now(), picture, timezone }),
  };
}

interface EvaluationFrame {
  base: { cfSteps?: number; cfSliceStart?: number };
}

// Runs on every evaluation step. JSONata awaits between steps, but only microtasks run there,
// so a long evaluation would starve timers and I/O of every other call; this hands the event
// loop back every few milliseconds until JSONata's own timeout stops the evaluation.
function yieldWhenLong(_node: unknown, _input: unknown, frame: EvaluationFrame): Promise<void> | undefined {
  const base = frame.base;
  const steps = (base.cfSteps = (base.cfSteps ?? 0) + 1);

  if (steps % YIELD_CHECK_STEPS !== 0) return undefined;
  const now = Date.now();

  base.cfSliceStart ??= now;
  if (now - base.cfSliceStart < YIELD_AFTER_MS) return undefined;
  base.cfSliceStart = undefined;
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface AstNode {
  type?: string;
  value?: unknown;
  steps?: AstNode[];
  [key: string]: unknown;
}

// Variable names an expression reads: the first step of each path at the top level of the
// document. Paths inside filters and lambda bodies are relative to other values and are skipped.
function collectReads(ast: unknown): string[] {
  const reads = new Set<string>();

  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as AstNode;

    if (n.type === "path" && Array.isArray(n.steps)) {
      const first = n.steps[0];

      if (first?.type === "name" && typeof first.value === "string") reads.add(first.value);
      for (const step of n.steps) visitExceptStages(step);
      return;
    }
    if (n.type === "lambda") return;
    for (const [key, child] of Object.entries(n)) {
      if (key !== "stages" && key !== "predicate") visit(child);
    }
  };
  const visitExceptStages = (step: AstNode): void => {
    if (step.type !== "name") visit(step);
  };

  visit(ast);
  return [...reads];
}
