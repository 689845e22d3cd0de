"use client";

import type { Edge, NodeChange } from "@xyflow/react";
import { useMemo, useRef } from "react";

import type { NodeTypeView, ProblemView } from "../../lib/api-types";
import { edgeKey, type CanvasMarks } from "../../lib/canvas-marks";
import type { EditorState } from "../../lib/editor-store";
import type { DraftEdge, DraftNode } from "../../lib/flow-document";
import { outputPorts } from "../../lib/node-ports";
import type { FlowCanvasNode, FlowNodeData } from "./flow-node-view";

interface CachedNode {
  source: DraftNode;
  key: string;
  node: FlowCanvasNode;
}

function portTitle(entry: NodeTypeView | undefined, port: string): string {
  if (entry?.errorPort.name === port) return entry.errorPort.title;
  return entry?.ports.ports.find((candidate) => candidate.name === port)?.title ?? port;
}

/**
 * Builds the canvas nodes from the draft. A node whose inputs did not change keeps its object,
 * so React Flow skips it: with 1,000 nodes, rebuilding every node on each edit is what makes
 * an editor slow.
 */
export function useCanvasNodes(
  state: EditorState,
  catalogue: Map<string, NodeTypeView>,
  problems: ProblemView[],
  marks: CanvasMarks,
  measured: Record<string, { width: number; height: number }>,
): FlowCanvasNode[] {
  const cache = useRef(new Map<string, CachedNode>());

  // The array keeps its identity while its inputs do, because React Flow stores the nodes again
  // whenever it gets a new array.
  return useMemo(() => buildNodes(cache.current, state, catalogue, problems, marks, measured, (next) => (cache.current = next)), [state, catalogue, problems, marks, measured]);
}

function buildNodes(
  cache: Map<string, CachedNode>,
  state: EditorState,
  catalogue: Map<string, NodeTypeView>,
  problems: ProblemView[],
  marks: CanvasMarks,
  measured: Record<string, { width: number; height: number }>,
  keep: (next: Map<string, CachedNode>) => void,
): FlowCanvasNode[] {
  const problemsByNode = new Map<string, ProblemView[]>();

  for (const problem of problems) {
    if (problem.nodeId) problemsByNode.set(problem.nodeId, [...(problemsByNode.get(problem.nodeId) ?? []), problem]);
  }

  const selected = new Set(state.selectedNodeIds);
  const visited = new Set(marks.visitedNodeIds);
  const next = new Map<string, CachedNode>();
  const nodes = state.document.nodes.map((source, index) => {
    const entry = catalogue.get(source.type);
    const nodeProblems = problemsByNode.get(source.id) ?? [];
    const runState = marks.activeNodeId === source.id ? "active" : visited.has(source.id) ? "visited" : null;
    const size = measured[source.id];
    const key = [
      selected.has(source.id),
      runState,
      marks.diff[source.id] ?? "",
      state.document.entry === source.id,
      nodeProblems.map((problem) => problem.message).join("\n"),
      entry?.title ?? "",
      size ? `${size.width}x${size.height}` : "",
    ].join("|");
    const cached = cache.get(source.id);

    if (cached && cached.source === source && cached.key === key) {
      next.set(source.id, cached);
      return cached.node;
    }

    const errors = nodeProblems.filter((problem) => problem.severity === "error");
    let problemSeverity: FlowNodeData["problemSeverity"] = null;

    if (errors.length > 0) problemSeverity = "error";
    else if (nodeProblems.length > 0) problemSeverity = "warning";
    const data: FlowNodeData = {
      nodeId: source.id,
      type: source.type,
      title: entry?.title ?? source.type,
      label: source.label,
      isEntry: state.document.entry === source.id,
      ports: outputPorts(source, entry).map((port) => ({ name: port, title: portTitle(entry, port) })),
      problemSeverity,
      problemMessages: nodeProblems.map((problem) => problem.message),
      runState,
      diffState: marks.diff[source.id] ?? null,
    };
    const node: FlowCanvasNode = {
      id: source.id,
      type: "flowNode",
      position: source.position ?? { x: (index % 10) * 260, y: Math.floor(index / 10) * 140 },
      data,
      selected: selected.has(source.id),
      measured: size,
      ariaLabel: `${data.title} ${source.id}`,
    };

    next.set(source.id, { source, key, node });
    return node;
  });

  keep(next);
  return nodes;}

/** Builds the canvas edges of a document; edges a test call took are drawn thick and animated. */
export function canvasEdges(edges: readonly DraftEdge[], takenEdges: readonly string[], label: (edge: DraftEdge) => string): Edge[] {
  return edges.map((edge) => {
    const taken = takenEdges.includes(edgeKey(edge.from, edge.port));
    return {
      id: edgeKey(edge.from, edge.port),
      ariaLabel: label(edge),
      source: edge.from,
      sourceHandle: edge.port,
      target: edge.to,
      animated: taken,
      style: taken ? { stroke: "#059669", strokeWidth: 3 } : undefined,
      data: { taken },
    };
  });
}

/** Returns the node sizes React Flow measured in a batch of changes, by node id. */
export function measuredSizes(changes: readonly NodeChange[]): Record<string, { width: number; height: number }> {
  const sizes: Record<string, { width: number; height: number }> = {};

  for (const change of changes) {
    if (change.type === "dimensions" && change.dimensions) sizes[change.id] = change.dimensions;
  }
  return sizes;
}
