// The flow document as the editor changes it. The studio keeps the document as JSON and lets
// the compiler judge it, because a draft may be incomplete.

/** A node of a draft document. */
export interface DraftNode {
  id: string;
  type: string;
  typeVersion?: number;
  label?: string;
  config: Record<string, unknown>;
  position?: { x: number; y: number };
}

/** An edge of a draft document: from an output port of one node to another node. */
export interface DraftEdge {
  from: string;
  port: string;
  to: string;
}

/** A draft flow document: the schema's fields that the editor reads, and any others kept as they are. */
export interface DraftDocument {
  schemaVersion: number;
  kind: string;
  name: Record<string, string>;
  languages: string[];
  entry: string;
  onHangup?: string;
  variables?: Record<string, { type?: string; sensitive?: boolean; initial?: unknown; description?: string }>;
  nodes: DraftNode[];
  edges: DraftEdge[];
  [field: string]: unknown;
}

/** Reads a document from the API into the editor's shape, filling the lists a draft may lack. */
export function toDraftDocument(value: Record<string, unknown>): DraftDocument {
  const document = value as Partial<DraftDocument>;

  return {
    ...document,
    schemaVersion: document.schemaVersion ?? 1,
    kind: document.kind ?? "ivr",
    name: document.name ?? { en: "" },
    languages: document.languages ?? ["cmn"],
    entry: document.entry ?? "",
    nodes: (document.nodes ?? []).map((node) => ({ ...node, config: (node.config ?? {}) as Record<string, unknown> })),
    edges: document.edges ?? [],
  };
}

/** Returns an id of the form `<base>-<n>` that no node of the document uses yet. */
export function freeNodeId(document: DraftDocument, base: string): string {
  const used = new Set(document.nodes.map((node) => node.id));
  const stem = base.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "node";

  for (let n = 1; ; n += 1) {
    const id = `${stem}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** Names of the document's declared variables and of the call variables every flow has. */
export function variableNames(document: DraftDocument, callVariables: readonly string[]): string[] {
  return [...new Set([...Object.keys(document.variables ?? {}), ...callVariables])].sort();
}
