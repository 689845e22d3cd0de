import type { CompiledExpression } from "../expression.js";
import type { Plan } from "../plan.js";

/** An expression of a plan that runs on the JSONata engine, and why. */
export interface EngineFallback {
  readonly nodeId: string;
  readonly source: string;
  readonly reason: string;
}

/** Counts of a plan's expressions per evaluation mode, with each expression left to JSONata. */
export interface ExpressionModeReport {
  readonly closure: number;
  readonly jsonata: number;
  readonly fallbacks: readonly EngineFallback[];
}

/**
 * Counts the expressions in a plan's prepared node configs (template placeholders included) by
 * how they run. Subflows are not entered: report on their plans separately.
 *
 * @example
 * const { closure, jsonata, fallbacks } = reportExpressionModes(result.plan);
 * console.log(`${closure} of ${closure + jsonata} expressions run as closures`);
 */
export function reportExpressionModes(plan: Plan): ExpressionModeReport {
  const fallbacks: EngineFallback[] = [];
  let closure = 0;

  for (const node of plan.nodes.values()) {
    for (const expression of expressionsIn(node.prepared, new Set())) {
      if (expression.mode === "closure") closure++;
      else fallbacks.push({ nodeId: node.id, source: expression.source, reason: expression.fallbackReason });
    }
  }
  return { closure, jsonata: fallbacks.length, fallbacks };
}

// Walks a prepared config: compiled expressions are found by their shape, templates give theirs.
function expressionsIn(value: unknown, seen: Set<object>): CompiledExpression[] {
  if (value === null || typeof value !== "object") return [];
  // Identical texts share one compiled object, so expressions are counted every time they occur.
  if (isCompiledExpression(value)) return [value];
  if (seen.has(value) || isPlan(value)) return [];
  seen.add(value);
  const template = value as { expressions?: unknown };

  if (Array.isArray(template.expressions) && template.expressions.every(isCompiledExpression)) return template.expressions;
  const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);

  return children.flatMap((child) => expressionsIn(child, seen));
}

function isCompiledExpression(value: unknown): value is CompiledExpression {
  const candidate = value as Partial<CompiledExpression> | null;

  return (
    candidate !== null &&
    typeof candidate === "object" &&
    typeof candidate.source === "string" &&
    typeof candidate.evaluate === "function" &&
    (candidate.mode === "closure" || candidate.mode === "jsonata")
  );
}

function isPlan(value: object): boolean {
  const candidate = value as Partial<Plan>;

  return candidate.nodes instanceof Map && candidate.entry !== undefined && candidate.document !== undefined;
}
