"use client";

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useRef, useState, type DragEvent } from "react";

import { canvasMarksStore, edgeKey } from "../../lib/canvas-marks";
import { changeDocument, editorStore, recordStep, replaceDocumentQuietly, selectNodes, type EditorState } from "../../lib/editor-store";
import type { DraftDocument } from "../../lib/flow-document";
import { useStore } from "../../lib/tiny-store";
import { useEditor } from "./editor-context";
import { FlowNodeView, type FlowCanvasNode } from "./flow-node-view";
import { addNodeOfType, PALETTE_DRAG_TYPE } from "./node-actions";
import { canvasEdges, measuredSizes, useCanvasNodes } from "./use-canvas-nodes";

const NODE_TYPES = { flowNode: FlowNodeView };

function removeNodes(document: DraftDocument, ids: Set<string>): DraftDocument {
  return {
    ...document,
    nodes: document.nodes.filter((node) => !ids.has(node.id)),
    edges: document.edges.filter((edge) => !ids.has(edge.from) && !ids.has(edge.to)),
  };
}

/** Renders the flow as a graph: nodes with their ports, edges, minimap and view controls. */
export function FlowCanvas({ state }: { state: EditorState }) {
  const t = useTranslations("canvas");
  const editor = useEditor();
  const flow = useReactFlow();
  const marks = useStore(canvasMarksStore);
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const dragStart = useRef<DraftDocument | null>(null);
  const nodes = useCanvasNodes(state, editor.catalogue, editor.problems, marks, measured);
  const { flowId, document } = state;
  const ariaLabels = useMemo(
    () => ({
      "node.a11yDescription.default": t("a11y.node"),
      "node.a11yDescription.keyboardDisabled": t("a11y.nodeKeyboardDisabled"),
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) => t("a11y.moved", { direction, x, y }),
      "edge.a11yDescription.default": t("a11y.edge"),
      "controls.ariaLabel": t("controls"),
      "controls.zoomIn.ariaLabel": t("zoomIn"),
      "controls.zoomOut.ariaLabel": t("zoomOut"),
      "controls.fitView.ariaLabel": t("fitView"),
      "controls.interactive.ariaLabel": t("interactive"),
      "minimap.ariaLabel": t("minimap"),
      "handle.ariaLabel": t("handle"),
    }),
    [t],
  );

  const edges = useMemo(() => canvasEdges(document.edges, marks.takenEdges, (edge) => t("edgeLabel", { ...edge })), [document.edges, marks.takenEdges, t]);


  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      const current = editorStore.get()[flowId];
      if (!current) return;

      const sizes = measuredSizes(changes);
      const moved = new Map<string, { x: number; y: number }>();
      const removed = new Set<string>();
      let selection: Set<string> | null = null;
      let dragging = false;

      for (const change of changes) {
        if (change.type === "position" && change.position) moved.set(change.id, change.position);
        if (change.type === "position" && change.dragging) dragging = true;
        if (change.type === "remove") removed.add(change.id);
        if (change.type === "select") {
          selection ??= new Set(current.selectedNodeIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      if (Object.keys(sizes).length > 0) setMeasured((previous) => ({ ...previous, ...sizes }));
      if (moved.size > 0) {
        const movedDocument = { ...current.document, nodes: current.document.nodes.map((node) => (moved.has(node.id) ? { ...node, position: moved.get(node.id) } : node)) };

        // A mouse drag sends moves with `dragging` set and ends in onNodeDragStop, which records
        // one undo step for the whole drag. An arrow key sends one move without a drag, which
        // is a step of its own. If it were recorded quietly, Ctrl+Z would undo the step before it.
        if (dragging || dragStart.current) {
          dragStart.current ??= current.document;
          replaceDocumentQuietly(flowId, movedDocument);
        } else {
          changeDocument(flowId, () => movedDocument);
        }
      }
      if (removed.size > 0) changeDocument(flowId, (draft) => removeNodes(draft, removed));
      // The select changes are the one source of the selection: a second source, such as
      // onSelectionChange, can disagree with them for a render and make the two flip forever.
      if (selection) selectNodes(flowId, [...selection]);
    },
    [flowId],
  );

  const onNodeDragStop = useCallback(() => {
    if (dragStart.current) recordStep(flowId, dragStart.current);
    dragStart.current = null;
  }, [flowId]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = new Set(changes.filter((change) => change.type === "remove").map((change) => change.id));

      if (removed.size > 0) changeDocument(flowId, (draft) => ({ ...draft, edges: draft.edges.filter((edge) => !removed.has(edgeKey(edge.from, edge.port))) }));
    },
    [flowId],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const current = editorStore.get()[flowId]?.document;
      const port = connection.sourceHandle;
      if (!current || !port) return;

      const existing = current.edges.find((edge) => edge.from === connection.source && edge.port === port);
      if (existing) {
        editor.announce(t("refused.portTaken", { port, node: connection.source, target: existing.to }));
        return;
      }
      if (connection.target === current.entry) {
        editor.announce(t("refused.entry", { node: connection.target }));
        return;
      }
      changeDocument(flowId, (draft) => ({ ...draft, edges: [...draft.edges, { from: connection.source, port, to: connection.target }] }));
      editor.announce(t("connected", { port, node: connection.source, target: connection.target }));
    },
    [flowId, editor, t],
  );

  // A drag released over a node without an input (the entry node) connects nothing, and React
  // Flow reports no connection, so the reason is announced here.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      const entry = editorStore.get()[flowId]?.document.entry;
      if (connection.isValid || !point || !entry) return;

      const released = window.document.elementFromPoint(point.clientX, point.clientY)?.closest(".react-flow__node")?.getAttribute("data-id");
      if (released === entry) editor.announce(t("refused.entry", { node: entry }));
    },
    [flowId, editor, t],
  );

  function onDrop(event: DragEvent) {
    const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
    if (!type) return;

    event.preventDefault();
    addNodeOfType(flowId, type, editor.catalogue.get(type), flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }

  return (
    <div className="h-full w-full" onDragOver={(event) => event.preventDefault()} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<FlowCanvasNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onNodeDragStop={onNodeDragStop}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        minZoom={0.05}
        fitView
        ariaLabelConfig={ariaLabels}
      >
        <Background />
        <MiniMap pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
