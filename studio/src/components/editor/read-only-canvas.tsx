"use client";

import { Background, MiniMap, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

import type { NodeTypeView, ProblemView } from "../../lib/api-types";
import type { CanvasMarks } from "../../lib/canvas-marks";
import type { EditorState } from "../../lib/editor-store";
import type { DraftDocument } from "../../lib/flow-document";
import { FlowNodeView, type FlowCanvasNode } from "./flow-node-view";
import { canvasEdges, measuredSizes, useCanvasNodes } from "./use-canvas-nodes";

const NODE_TYPES = { flowNode: FlowNodeView };
const NO_PROBLEMS: ProblemView[] = [];

/** A flow drawn for reading only, with marks: a version diff or the path of a recorded call. */
export function ReadOnlyCanvas({ document, marks, catalogue }: { document: DraftDocument; marks: CanvasMarks; catalogue: Map<string, NodeTypeView> }) {
  const t = useTranslations("canvas");
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const state = useMemo<EditorState>(
    () => ({ flowId: "", flowName: "", kind: "ivr", document, baseVersion: 0, publishedVersion: null, dirty: false, past: [], future: [], selectedNodeIds: [] }),
    [document],
  );
  const nodes = useCanvasNodes(state, catalogue, NO_PROBLEMS, marks, measured);
  const edges = useMemo(() => canvasEdges(document.edges, marks.takenEdges, (edge) => t("edgeLabel", { ...edge })), [document.edges, marks.takenEdges, t]);


  return (
    <ReactFlowProvider>
      <ReactFlow<FlowCanvasNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodesChange={(changes) => {
          const sizes = measuredSizes(changes);
          if (Object.keys(sizes).length > 0) setMeasured((previous) => ({ ...previous, ...sizes }));
        }}
        fitView
        minZoom={0.05}
      >
        <Background />
        <MiniMap />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
