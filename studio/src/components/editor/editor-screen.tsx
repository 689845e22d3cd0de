"use client";

import type { InterfaceLocale } from "@callflow/sdk";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import type { FlowWithDraft, NodeTypeView } from "../../lib/api-types";
import { editorStore, NO_EDITORS, openFlow, selectNodes } from "../../lib/editor-store";
import { toDraftDocument } from "../../lib/flow-document";
import { useStore } from "../../lib/tiny-store";
import { AppHeader } from "../app-header";
import { useSignedIn } from "../use-signed-in";
import { DiffCanvas } from "./diff-canvas";
import { EditorContext, type EditorContextValue } from "./editor-context";
import { EditorToolbar } from "./editor-toolbar";
import { FlowCanvas } from "./flow-canvas";
import { HistoryPanel, type DiffView } from "./history-panel";
import { NodePalette } from "./node-palette";
import { ProblemsList } from "./problems-list";
import { PropertyPanel } from "./property-panel";
import { SimulatorPanel } from "./simulator-panel";
import { useEditorKeys } from "./use-editor-keys";
import { useLeaveGuard } from "./use-leave-guard";
import { useProblems } from "./use-problems";

type SidePanel = "properties" | "simulator" | "history";

/** Renders the flow editor (palette, canvas, side panels and problems) for the flow in the editor store. */
export function EditorScreen({ flowId }: { flowId: string }) {
  const stored = useSignedIn();
  const t = useTranslations("editor");
  const [catalogue, setCatalogue] = useState<NodeTypeView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useStore(editorStore, NO_EDITORS)[flowId];

  useEffect(() => {
    if (!stored) return;
    let cancelled = false;

    (async () => {
      const flow = await apiRequest<FlowWithDraft>(`/api/flows/${flowId}`);
      const nodes = await apiRequest<{ items: NodeTypeView[] }>(`/api/nodes?kind=${flow.kind}`);
      if (cancelled) return;

      setCatalogue(nodes.items);
      openFlow({ flowId, flowName: flow.name, kind: flow.kind, document: toDraftDocument(flow.document), baseVersion: flow.draftVersion, publishedVersion: flow.publishedVersion });
    })().catch((caught: unknown) => setError(caught instanceof ApiRequestError ? caught.message : String(caught)));

    return () => {
      cancelled = true;
    };
  }, [stored, flowId]);

  if (!stored) return null;
  return (
    <div className="flex h-screen flex-col">
      <AppHeader stored={stored} />
      {error && (
        <p role="alert" className="p-4 text-red-700">
          {error}
        </p>
      )}
      {!error && (!state || !catalogue) && <p className="p-4 text-slate-600">{t("loading")}</p>}
      {state && catalogue && (
        <ReactFlowProvider>
          <EditorBody flowId={flowId} catalogue={catalogue} />
        </ReactFlowProvider>
      )}
    </div>
  );
}

function EditorBody({ flowId, catalogue }: { flowId: string; catalogue: NodeTypeView[] }) {
  const t = useTranslations("editor");
  const locale = useLocale() as InterfaceLocale;
  const flow = useReactFlow();
  const state = useStore(editorStore, NO_EDITORS)[flowId]!;
  const problems = useProblems(flowId, state.document, locale);
  const [status, setStatus] = useState("");
  const [panel, setPanel] = useState<SidePanel>("properties");
  const [diff, setDiff] = useState<DiffView | null>(null);
  const catalogueMap = useMemo(() => new Map(catalogue.map((entry) => [entry.type, entry])), [catalogue]);

  const focusNode = useCallback(
    (nodeId: string) => {
      const node = flow.getNode(nodeId);
      selectNodes(flowId, [nodeId]);
      setPanel("properties");
      if (node) void flow.setCenter(node.position.x + (node.measured?.width ?? 0) / 2, node.position.y + (node.measured?.height ?? 0) / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 200 });
    },
    [flow, flowId],
  );

  const context = useMemo<EditorContextValue>(() => ({ flowId, catalogue: catalogueMap, problems, announce: setStatus, focusNode }), [flowId, catalogueMap, problems, focusNode]);

  useEditorKeys(flowId, setStatus);
  useLeaveGuard(state.dirty, t("leaveWarning"));

  return (
    <EditorContext.Provider value={context}>
      <EditorToolbar state={state} problems={problems} panel={panel} onPanel={setPanel} />
      <div className="flex min-h-0 flex-1">
        {diff ? (
          <div className="flex-1">
            <DiffCanvas view={diff} onClose={() => setDiff(null)} />
          </div>
        ) : (
          <>
            <NodePalette types={catalogue} />
            <div className="flex min-w-0 flex-1 flex-col">
              <div className="min-h-0 flex-1">
                <FlowCanvas state={state} />
              </div>
              <ProblemsList />
            </div>
            {panel === "properties" && <PropertyPanel state={state} />}
            {panel === "simulator" && <SimulatorPanel state={state} />}
            {panel === "history" && <HistoryPanel state={state} onDiff={setDiff} />}
          </>
        )}
      </div>
      <p role="status" aria-live="polite" className="min-h-6 border-t border-slate-200 bg-slate-100 px-3 py-0.5 text-xs text-slate-700" data-testid="status">
        {status}
      </p>
    </EditorContext.Provider>
  );
}
