import { createHash } from "node:crypto";

import type { Plan } from "@callflow/sdk";

// Orders strings by UTF-16 code units, independent of the locale, so the hash is the same everywhere.
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// JSON with object keys sorted at every level, so that equal documents hash equally whatever
// the order in which their keys were written.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));

    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Returns `sha256:<hex>` of what decides a plan's behaviour: the document with the schema's
 * defaults applied, and the version of each node type it uses. Two publishes of the same
 * document under the same node versions get the same hash.
 *
 * NOTE: subflows, prompts and calendars that the plan resolved are not part of the hash.
 */
export function hashPlan(plan: Plan): string {
  const nodeTypes = Object.fromEntries([...plan.nodes.values()].map((node) => [node.type, node.spec.version]));
  const digest = createHash("sha256").update(canonicalJson({ document: plan.document, nodeTypes })).digest("hex");

  return `sha256:${digest}`;
}
