import type { NodeTypeView } from "../../lib/api-types";
import { changeDocument, editorStore, selectNodes } from "../../lib/editor-store";
import { freeNodeId, type DraftDocument, type DraftEdge, type DraftNode } from "../../lib/flow-document";

/** MIME type of a palette item being dragged onto the canvas. */
export const PALETTE_DRAG_TYPE = "application/x-callflow-node-type";

/** A node's place on the canvas, in flow units. */
export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

// Size a new node is given before React Flow has measured it, in flow units.
const NEW_NODE_SIZE = { width: 220, height: 100 };
const GAP = 20;

function overlaps(boxes: readonly NodeBox[], candidate: NodeBox): boolean {
  return boxes.some(
    (box) => candidate.x < box.x + box.width + GAP && box.x < candidate.x + candidate.width + GAP && candidate.y < box.y + box.height + GAP && box.y < candidate.y + candidate.height + GAP,
  );
}

/**
 * Returns the free spot nearest to `wanted`, searching rings around it, so that a node added
 * from the keyboard does not cover another. Gives `wanted` itself when the rings are all taken.
 */
export function freePosition(boxes: readonly NodeBox[], wanted: { x: number; y: number }): { x: number; y: number } {
  for (let ring = 0; ring <= 8; ring += 1) {
    for (let dx = -ring; dx <= ring; dx += 1) {
      for (let dy = -ring; dy <= ring; dy += 1) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const candidate = { x: wanted.x + dx * (NEW_NODE_SIZE.width / 2), y: wanted.y + dy * (NEW_NODE_SIZE.height / 2), ...NEW_NODE_SIZE };
        if (!overlaps(boxes, candidate)) return { x: candidate.x, y: candidate.y };
      }
    }
  }
  return wanted;
}

/** Adds a node of `type` at `position` as one undoable step, and selects it. */
export function addNodeOfType(flowId: string, type: string, entry: NodeTypeView | undefined, position: { x: number; y: number }): string | undefined {
  const document = editorStore.get()[flowId]?.document;
  if (!document) return undefined;

  const id = freeNodeId(document, type.split(".").at(-1) ?? "node");
  const node: DraftNode = { id, type, typeVersion: entry?.version, config: {}, position: { x: Math.round(position.x), y: Math.round(position.y) } };

  changeDocument(flowId, (draft) => ({ ...draft, nodes: [...draft.nodes, node] }));
  selectNodes(flowId, [id]);
  return id;
}

/** Nodes and the edges between them, copied from a flow. */
interface NodeGroup {
  nodes: DraftNode[];
  edges: DraftEdge[];
}

// One clipboard per tab, so groups can be pasted into another flow of the same tab.
let clipboard: NodeGroup | null = null;

/** Copies the selected nodes and the edges among them. Returns how many nodes were copied. */
export function copySelection(flowId: string): number {
  const state = editorStore.get()[flowId];
  if (!state || state.selectedNodeIds.length === 0) return 0;

  const ids = new Set(state.selectedNodeIds);
  clipboard = {
    nodes: state.document.nodes.filter((node) => ids.has(node.id)),
    edges: state.document.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)),
  };
  return clipboard.nodes.length;
}

/** Pastes the copied group with fresh ids, offset from the originals, and selects it. */
export function pasteClipboard(flowId: string): number {
  const group = clipboard;
  if (!group) return 0;

  let pastedIds: string[] = [];
  changeDocument(flowId, (draft: DraftDocument) => {
    const renamed = new Map<string, string>();
    let working = draft;

    for (const node of group.nodes) {
      const id = freeNodeId(working, node.id.replace(/-\d+$/, ""));
      renamed.set(node.id, id);
      const position = node.position ? { x: node.position.x + 40, y: node.position.y + 40 } : undefined;
      working = { ...working, nodes: [...working.nodes, { ...structuredClone(node), id, position }] };
    }
    pastedIds = [...renamed.values()];
    const edges = group.edges.map((edge) => ({ from: renamed.get(edge.from)!, port: edge.port, to: renamed.get(edge.to)! }));
    return { ...working, edges: [...working.edges, ...edges] };
  });
  selectNodes(flowId, pastedIds);
  return pastedIds.length;
}

/** Deletes the selected nodes with their edges. */
export function deleteSelection(flowId: string): void {
  const ids = new Set(editorStore.get()[flowId]?.selectedNodeIds ?? []);
  if (ids.size === 0) return;

  changeDocument(flowId, (draft) => ({
    ...draft,
    nodes: draft.nodes.filter((node) => !ids.has(node.id)),
    edges: draft.edges.filter((edge) => !ids.has(edge.from) && !ids.has(edge.to)),
  }));
  selectNodes(flowId, []);
}
