import { compileFlow, formatProblem, specRegistry, type InterfaceLocale, type Problem } from "@callflow/sdk";
import { builtinSpecs } from "@callflow/nodes/specs";

import type { ProblemView } from "./api-types";
import type { DraftDocument } from "./flow-document";

const registry = specRegistry(builtinSpecs);

// Problems that only the server can judge: names resolved against the tenant's prompts,
// calendars and flows, and node types installed on the server but not built into the studio.
const SERVER_CODES = new Set(["unresolved-reference", "subflow-cycle"]);
const TYPE_CODES = new Set(["unknown-node-type", "node-type-version"]);

/** Whether the server's validation, not the browser's compile, decides a problem. */
export function isServerProblem(problem: Pick<ProblemView, "code" | "nodeId">, document: DraftDocument, builtinTypes: ReadonlySet<string>): boolean {
  if (SERVER_CODES.has(problem.code)) return true;
  if (!TYPE_CODES.has(problem.code)) return false;

  const node = document.nodes.find((candidate) => candidate.id === problem.nodeId);
  return node !== undefined && !builtinTypes.has(node.type);
}

export const BUILTIN_TYPES: ReadonlySet<string> = new Set(builtinSpecs.map((spec) => spec.type));

/**
 * Compiles the draft in the browser with the built-in node specs and returns its problems in
 * `locale`, without those the server decides (see isServerProblem).
 */
export function compileInBrowser(document: DraftDocument, locale: InterfaceLocale): ProblemView[] {
  const result = compileFlow(document, { registry });

  return result.problems
    .filter((problem: Problem) => !isServerProblem(problem, document, BUILTIN_TYPES))
    .map((problem) => ({ code: problem.code, severity: problem.severity, nodeId: problem.nodeId, pointer: problem.pointer, message: formatProblem(problem, locale) }));
}
