import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  type EvaluationEnvironment,
  type ExpressionLimits,
} from "./expression.js";

/**
 * Text with embedded expressions in double braces, compiled once.
 *
 * @example
 * const t = compileTemplate("Your balance is {{ $formatNumber(balance, '#,##0.00') }} dollars");
 * await t.render({ balance: 1234.5 }, { now: Date.now }); // "Your balance is 1,234.50 dollars"
 */
export interface CompiledTemplate {
  readonly source: string;
  readonly reads: readonly string[];
  /** True when the text has no expression, so rendering needs no evaluation. */
  readonly isStatic: boolean;
  render(variables: object, environment: EvaluationEnvironment): Promise<string>;
}

/**
 * Compiles `{{ expression }}` placeholders. A literal `{{` is written `\{{`.
 *
 * @throws ExpressionError naming the placeholder that does not parse, or S0000 for an
 *   unclosed `{{`
 */
export function compileTemplate(source: string, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompiledTemplate {
  const parts = splitTemplate(source).map((part) => (part.expression ? compileExpression(part.text, limits) : part.text));
  const reads = [...new Set(parts.flatMap((p) => (typeof p === "string" ? [] : p.reads)))];
  const isStatic = parts.every((p) => typeof p === "string");

  return {
    source,
    reads,
    isStatic,
    async render(variables, environment) {
      let out = "";

      for (const part of parts) {
        out += typeof part === "string" ? part : formatValue(await part.evaluate(variables, environment));
      }
      return out;
    },
  };
}

/** Splits a template into literal text and expression sources. */
export function splitTemplate(source: string): Array<{ expression: boolean; text: string }> {
  const parts: Array<{ expression: boolean; text: string }> = [];
  let literal = "";
  let i = 0;

  while (i < source.length) {
    if (source.startsWith("\\{{", i)) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (!source.startsWith("{{", i)) {
      literal += source[i++];
      continue;
    }
    const close = source.indexOf("}}", i + 2);

    if (close === -1) {
      throw new TemplateSyntaxError(source, i);
    }
    if (literal) parts.push({ expression: false, text: literal });
    literal = "";
    parts.push({ expression: true, text: source.slice(i + 2, close).trim() });
    i = close + 2;
  }
  if (literal) parts.push({ expression: false, text: literal });
  return parts;
}

/** A `{{` without its closing `}}`. */
export class TemplateSyntaxError extends Error {
  readonly code = "S0000";
  readonly position: number;

  constructor(source: string, position: number) {
    super(`template "${source}" has "{{" at position ${position} without a closing "}}"; close it or write \\{{ for a literal`);
    this.name = "TemplateSyntaxError";
    this.position = position;
  }
}

// Renders a value into prompt text: undefined as nothing, numbers as JSONata prints them.
function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
