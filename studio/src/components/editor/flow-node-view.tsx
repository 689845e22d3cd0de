"use client";

import { Handle, Position, useStore, useStoreApi, useUpdateNodeInternals, type Node, type NodeProps } from "@xyflow/react";
import { useTranslations } from "next-intl";
import { memo, useEffect, useRef } from "react";

/** Data the canvas shows on a node. */
export interface FlowNodeData extends Record<string, unknown> {
  nodeId: string;
  type: string;
  title: string;
  label?: string;
  isEntry: boolean;
  ports: Array<{ name: string; title: string }>;
  problemSeverity: "error" | "warning" | null;
  problemMessages: string[];
  runState: "active" | "visited" | null;
  diffState: "added" | "removed" | "changed" | null;
}

export type FlowCanvasNode = Node<FlowNodeData, "flowNode">;

// Room for one port's title under the node, so that a menu's many ports do not overlap.
const PORT_WIDTH = 64;

// Below this zoom the node's small print (port titles, problem text, label) is unreadable, so it
// is left out: a 1,000-node flow fitted to the view then draws far less text while zooming.
const DETAIL_ZOOM = 0.45;

const RUN_STYLES = { active: "ring-4 ring-amber-400 bg-amber-50", visited: "bg-emerald-50 border-emerald-500" } as const;
const DIFF_STYLES = { added: "border-green-600 bg-green-50", removed: "border-red-600 bg-red-50 opacity-70", changed: "border-amber-600 bg-amber-50" } as const;

type UpdateNodeInternals = ReturnType<typeof useUpdateNodeInternals>;

const pendingMeasures = new Map<unknown, { update: UpdateNodeInternals; ids: Set<string> }>();

// Collects the nodes to measure again into one call per canvas (one React Flow store), because
// each call queries the DOM and updates the store: crossing DETAIL_ZOOM changes every node of a
// 1,000-node flow at once.
function requestHandleMeasure(store: unknown, update: UpdateNodeInternals, id: string): void {
  const pending = pendingMeasures.get(store);
  if (pending) {
    pending.ids.add(id);
    return;
  }

  pendingMeasures.set(store, { update, ids: new Set([id]) });
  queueMicrotask(() => {
    const batch = pendingMeasures.get(store);

    pendingMeasures.delete(store);
    if (batch) batch.update([...batch.ids]);
  });
}

function FlowNodeViewInner({ id, data }: NodeProps<FlowCanvasNode>) {
  const t = useTranslations("canvas");
  const detailed = useStore((store) => store.transform[2] >= DETAIL_ZOOM);
  const store = useStoreApi();
  const updateNodeInternals = useUpdateNodeInternals();
  // Port columns have a fixed width, so port titles shown or hidden at another zoom move no handle
  // and crossing DETAIL_ZOOM needs no measuring of a large flow's every node.
  const handleLayout = `${data.isEntry}|${data.ports.map((port) => port.name).join("\n")}`;
  const measuredLayout = useRef(handleLayout);

  // React Flow measures a node's handles when the node mounts or resizes. A renamed port renames
  // or moves handles in a node of the same size, and a mouse drag cannot start from a handle that
  // React Flow has not measured.
  useEffect(() => {
    if (measuredLayout.current === handleLayout) return;

    measuredLayout.current = handleLayout;
    requestHandleMeasure(store, updateNodeInternals, id);
  }, [id, handleLayout, store, updateNodeInternals]);

  let border = "border-slate-300";

  if (data.problemSeverity === "error") border = "border-red-600";
  else if (data.problemSeverity === "warning") border = "border-amber-500";
  let state = "bg-white";

  if (data.diffState) state = DIFF_STYLES[data.diffState];
  else if (data.runState) state = RUN_STYLES[data.runState];

  return (
    <div
      className={`rounded-md border-2 px-3 pt-2 pb-5 text-xs shadow-sm ${border} ${state}`}
      style={{ minWidth: Math.max(180, data.ports.length * PORT_WIDTH) }}
      data-node-id={data.nodeId}
      data-run-state={data.runState ?? undefined}
      data-diff-state={data.diffState ?? undefined}
      data-problem={data.problemSeverity ?? undefined}
    >
      {!data.isEntry && <Handle type="target" position={Position.Top} aria-label={t("input")} />}
      <div className="flex items-center gap-2">
        <span className="font-semibold">{data.title}</span>
        {data.isEntry && <span className="rounded bg-blue-100 px-1 text-[10px] text-blue-900">{t("entry")}</span>}
        {data.diffState && <span className="rounded bg-white/70 px-1 text-[10px]">{t(`diff.${data.diffState}`)}</span>}
      </div>
      <div className="font-mono text-[10px] text-slate-500" data-user-content>
        {data.nodeId}
      </div>
      {detailed && data.label && (
        <div className="max-w-[200px] truncate text-[10px] text-slate-600" data-user-content>
          {data.label}
        </div>
      )}
      {detailed && data.problemMessages.length > 0 && (
        <div role="note" className={`mt-1 max-w-[220px] text-[10px] ${data.problemSeverity === "error" ? "text-red-700" : "text-amber-700"}`} data-testid="node-problem">
          {data.problemMessages[0]}
          {data.problemMessages.length > 1 && ` ${t("moreProblems", { count: data.problemMessages.length - 1 })}`}
        </div>
      )}
      <div className="absolute right-0 bottom-0 left-0 flex justify-around">
        {data.ports.map((port) => (
          <div key={port.name} className="relative flex flex-col items-center" style={{ width: PORT_WIDTH }}>
            {detailed && (
              <span className="max-w-[60px] translate-y-[-2px] truncate text-[9px] text-slate-600" data-user-content={port.name === port.title ? true : undefined}>
                {port.title}
              </span>
            )}
            <Handle id={port.name} type="source" position={Position.Bottom} aria-label={t("port", { port: port.title })} style={{ position: "relative", left: 0, transform: "none" }} />
          </div>
        ))}
      </div>
    </div>
  );
}

export const FlowNodeView = memo(FlowNodeViewInner);
