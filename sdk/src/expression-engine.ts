import jsonata from "jsonata";

import { pendingWork } from "./clock.js";
import { ExpressionError } from "./expression-error.js";
import type { EngineExpression, EvaluationEnvironment } from "./expression.js";

type JsonataExpression = ReturnType<typeof jsonata>;

/** A failure as JSONata throws it: a plain object with a code, or a JavaScript error without one. */
export interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

// Evaluation steps between checks of whether a long evaluation should let other work run.
const YIELD_CHECK_STEPS = 512;
// An evaluation that has run this long without a break yields to the event loop.
const YIELD_AFTER_MS = 4;

/** The parsed form of an expression for JSONata's own evaluator, with the yielding hook installed. */
export function prepareEngine(expression: JsonataExpression): JsonataExpression {
  expression.assign(Symbol.for("jsonata.__evaluate_entry") as unknown as string, yieldWhenLong);
  return expression;
}

/** An expression that JSONata's own (asynchronous) evaluator runs. */
export class JsonataCompiledExpression implements EngineExpression {
  readonly mode = "jsonata";

  constructor(
    readonly source: string,
    private readonly expression: JsonataExpression,
    readonly reads: readonly string[],
    readonly fallbackReason: string,
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
