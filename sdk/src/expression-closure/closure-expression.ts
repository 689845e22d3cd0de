import { ExpressionError } from "../expression-error.js";
import type { ClosureExpression, EvaluationEnvironment } from "../expression.js";
import { ClosureError } from "./closure-error.js";
import type { Closure } from "./compile-closure.js";

/** An expression compiled to a closure: evaluates synchronously and raises JSONata's error codes. */
export class ClosureCompiledExpression implements ClosureExpression {
  readonly mode = "closure";

  constructor(
    readonly source: string,
    private readonly closure: Closure,
    readonly reads: readonly string[],
  ) {}

  evaluateSync(variables: object, environment: EvaluationEnvironment): unknown {
    try {
      return this.closure(variables, environment);
    } catch (error) {
      throw this.expressionError(error);
    }
  }

  async evaluate(variables: object, environment: EvaluationEnvironment): Promise<unknown> {
    return this.evaluateSync(variables, environment);
  }

  // A JavaScript error (a RangeError, a TypeError) is what JSONata's functions throw for the same
  // input; like the engine's wrapper, it becomes D0000.
  private expressionError(error: unknown): ExpressionError {
    const code = error instanceof ClosureError ? error.code : "D0000";
    const message = error instanceof Error ? error.message : String(error);
    const position = error instanceof ClosureError ? error.position : undefined;

    return new ExpressionError(code, `expression "${this.source}" failed: ${message}`, this.source, position);
  }
}
