interface AstNode {
  type?: string;
  value?: unknown;
  steps?: AstNode[];
  [key: string]: unknown;
}

// Variable names an expression reads: the first step of each path at the top level of the
// document. Paths inside filters and lambda bodies are relative to other values and are skipped.
export function collectReads(ast: unknown): string[] {
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
