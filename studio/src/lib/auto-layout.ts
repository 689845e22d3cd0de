import ELK from "elkjs/lib/elk.bundled.js";

import type { DraftDocument } from "./flow-document";

// Node box size used for layout; the canvas draws nodes about this size.
const NODE_WIDTH = 220;
const NODE_HEIGHT = 90;

const elk = new ELK();

/** Returns the document with every node placed by ELK's layered layout, top to bottom. */
export async function layoutDocument(document: DraftDocument): Promise<DraftDocument> {
  const ids = new Set(document.nodes.map((node) => node.id));
  const graph = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "40",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
    },
    children: document.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: document.edges
      .filter((edge) => ids.has(edge.from) && ids.has(edge.to))
      .map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  });
  const positions = new Map((graph.children ?? []).map((child) => [child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) }]));

  return { ...document, nodes: document.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) };
}
