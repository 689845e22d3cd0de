import { createStore } from "./tiny-store";

/** Marks drawn over the canvas: a test call's live position and path, or a version diff. */
export interface CanvasMarks {
  /** Node a test call is running now. */
  activeNodeId: string | null;
  /** Nodes a test call has entered. */
  visitedNodeIds: string[];
  /** Edges a test call has taken, as `from:port`. */
  takenEdges: string[];
  /** Diff state of each node that differs between the compared versions. */
  diff: Record<string, "added" | "removed" | "changed">;
}

export const NO_MARKS: CanvasMarks = { activeNodeId: null, visitedNodeIds: [], takenEdges: [], diff: {} };

export const canvasMarksStore = createStore<CanvasMarks>(NO_MARKS);

export function edgeKey(from: string, port: string): string {
  return `${from}:${port}`;
}
