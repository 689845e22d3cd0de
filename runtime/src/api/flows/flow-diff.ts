/** One changed value, at a JSON pointer relative to the node, edge or document. */
export interface FieldChange {
  path: string;
  /** The value before; absent when the field was added. */
  before?: unknown;
  /** The value after; absent when the field was removed. */
  after?: unknown;
}

/** A node as the diff names it. */
export interface NodeReference {
  id: string;
  type: string;
}

/** An edge: from a node's port to another node. */
export interface EdgeReference {
  from: string;
  port: string;
  to: string;
}

/** The semantic difference between two flow documents. */
export interface FlowDiff {
  /** Changes of the document's own fields (name, languages, entry, variables, ...). */
  document: FieldChange[];
  nodes: {
    added: NodeReference[];
    removed: NodeReference[];
    /** Nodes with the same id in both documents whose type, label, config or position differ. */
    changed: Array<NodeReference & { changes: FieldChange[] }>;
  };
  edges: {
    added: EdgeReference[];
    removed: EdgeReference[];
    /** Ports connected in both documents, to different nodes. */
    changed: Array<{ from: string; port: string; before: string; after: string }>;
  };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends the changes between two JSON values, found by walking objects by key and arrays by index. */
function diffValues(before: unknown, after: unknown, path: string, changes: FieldChange[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);

    for (const key of keys) {
      diffValues(before[key], after[key], `${path}/${escapePointer(key)}`, changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      diffValues(before[index], after[index], `${path}/${index}`, changes);
    }
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) {
    return;
  }

  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  changes.push(change);
}

// Reads the nodes of a document that may be an invalid draft: entries without a string id
// cannot be matched, so they are left out.
function nodesOf(document: unknown): Map<string, JsonObject> {
  const nodes = isObject(document) && Array.isArray(document.nodes) ? document.nodes : [];

  return new Map(nodes.filter((node): node is JsonObject => isObject(node) && typeof node.id === "string").map((node) => [node.id as string, node]));
}

function edgesOf(document: unknown): EdgeReference[] {
  const edges = isObject(document) && Array.isArray(document.edges) ? document.edges : [];

  return edges
    .filter((edge): edge is JsonObject => isObject(edge) && typeof edge.from === "string" && typeof edge.port === "string" && typeof edge.to === "string")
    .map((edge) => ({ from: edge.from as string, port: edge.port as string, to: edge.to as string }));
}

function referenceOf(node: JsonObject): NodeReference {
  return { id: node.id as string, type: String(node.type) };
}

function diffNodes(before: unknown, after: unknown): FlowDiff["nodes"] {
  const oldNodes = nodesOf(before);
  const newNodes = nodesOf(after);
  const result: FlowDiff["nodes"] = { added: [], removed: [], changed: [] };

  for (const [id, node] of newNodes) {
    const old = oldNodes.get(id);

    if (!old) {
      result.added.push(referenceOf(node));
      continue;
    }

    const changes: FieldChange[] = [];
    diffValues(old, node, "", changes);
    if (changes.length > 0) result.changed.push({ ...referenceOf(node), changes });
  }
  for (const [id, node] of oldNodes) {
    if (!newNodes.has(id)) result.removed.push(referenceOf(node));
  }
  return result;
}

// Edges are compared as (from, port, to) triples. A port connected on both sides to different
// nodes is one change rather than a removal and an addition, which is how an editor shows it.
function diffEdges(before: unknown, after: unknown): FlowDiff["edges"] {
  const key = (edge: EdgeReference) => JSON.stringify([edge.from, edge.port, edge.to]);
  const oldKeys = new Set(edgesOf(before).map(key));
  const newKeys = new Set(edgesOf(after).map(key));
  const removed = edgesOf(before).filter((edge) => !newKeys.has(key(edge)));
  const added = edgesOf(after).filter((edge) => !oldKeys.has(key(edge)));
  const result: FlowDiff["edges"] = { added: [], removed: [], changed: [] };

  for (const edge of added) {
    const index = removed.findIndex((old) => old.from === edge.from && old.port === edge.port);

    if (index === -1) {
      result.added.push(edge);
      continue;
    }
    result.changed.push({ from: edge.from, port: edge.port, before: removed[index].to, after: edge.to });
    removed.splice(index, 1);
  }
  result.removed.push(...removed);
  return result;
}

/**
 * Compares two flow documents by meaning: nodes matched by id, edges by port, and the changed
 * fields of each node (type, label, position, each config value) as JSON pointers. Key order
 * and the order of nodes and edges in the arrays make no difference.
 */
export function diffFlowDocuments(before: unknown, after: unknown): FlowDiff {
  const documentChanges: FieldChange[] = [];
  const withoutGraph = (document: unknown) => (isObject(document) ? { ...document, nodes: undefined, edges: undefined } : document);

  diffValues(withoutGraph(before), withoutGraph(after), "", documentChanges);
  return { document: documentChanges, nodes: diffNodes(before, after), edges: diffEdges(before, after) };
}
