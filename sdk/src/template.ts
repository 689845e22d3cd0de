import { toFifteenDigits } from "./expression-closure/decimal-text.js";
import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  type ClosureExpression,
  type CompiledExpression,
  type EvaluationEnvironment,
  type ExpressionLimits,
} from "./expression.js";

interface TemplateBase {
  readonly source: string;
  readonly reads: readonly string[];
  /** True when the text has no expression, so rendering needs no evaluation. */
  readonly isStatic: boolean;
  /** The placeholders' expressions, in order. */
  readonly expressions: readonly CompiledExpression[];
  /** Renders the text; in both modes the result arrives as a promise. */
  render(variables: object, environment: EvaluationEnvironment): Promise<string>;
}

/** A template whose placeholders are all closures (or that has none): it renders synchronously. */
export interface ClosureTemplate extends TemplateBase {
  readonly mode: "closure";
  /**
   * Renders the text synchronously.
   *
   * @throws ExpressionError from the first placeholder that fails
   */
  renderSync(variables: object, environment: EvaluationEnvironment): string;
}

/** A template with at least one placeholder on the JSONata engine: it renders through a promise. */
export interface EngineTemplate extends TemplateBase {
  readonly mode: "jsonata";
}

/**
 * Text with embedded expressions in double braces, compiled once. `mode` is "closure" when every
 * placeholder compiled to a closure, and then `renderSync` renders without a promise.
 *
 * @example
 * const t = compileTemplate("Your balance is {{ $formatNumber(balance, '#,##0.00') }} dollars");
 * await t.render({ balance: 1234.5 }, { now: Date.now }); // "Your balance is 1,234.50 dollars"
 * if (t.mode === "closure") t.renderSync({ balance: 1234.5 }, { now: Date.now }); // the same, at once
 */
export type CompiledTemplate = ClosureTemplate | EngineTemplate;

/**
 * Renders a template synchronously when it is in closure mode, through a promise otherwise.
 *
 * @example
 * const text = await renderTemplate(template, variables, environment);
 */
export function renderTemplate(template: CompiledTemplate, variables: object, environment: EvaluationEnvironment): string | Promise<string> {
  return template.mode === "closure" ? template.renderSync(variables, environment) : template.render(variables, environment);
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
  const expressions = parts.filter((p): p is CompiledExpression => typeof p !== "string");
  const renderAsync = async (variables: object, environment: EvaluationEnvironment): Promise<string> => {
    let out = "";

    for (const part of parts) {
      out += typeof part === "string" ? part : formatValue(await part.evaluate(variables, environment));
    }
    return out;
  };

  if (expressions.some((expression) => expression.mode === "jsonata")) {
    return { mode: "jsonata", source, reads, isStatic, expressions, render: renderAsync };
  }
  const renderSync = (variables: object, environment: EvaluationEnvironment): string => {
    let out = "";

    for (const part of parts) {
      out += typeof part === "string" ? part : formatValue((part as ClosureExpression).evaluateSync(variables, environment));
    }
    return out;
  };

  return { mode: "closure", source, reads, isStatic, expressions, renderSync, render: async (variables, environment) => renderSync(variables, environment) };
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
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(toFifteenDigits(value));
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
