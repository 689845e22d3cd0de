"use client";

import { useReactFlow } from "@xyflow/react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import type { Author, ProblemView } from "../../lib/api-types";
import { layoutDocument } from "../../lib/auto-layout";
import { changeDocument, markPublished, markSaved, openFlow, redo, undo, type EditorState } from "../../lib/editor-store";
import { toDraftDocument } from "../../lib/flow-document";
import { useEditor } from "./editor-context";
import { deleteSelection } from "./node-actions";

interface StaleDraft {
  updatedBy: Author;
  updatedAt: string;
  currentVersion: number;
}

const BUTTON = "rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50";

/** Renders the editor's actions: undo, layout, save, publish, export and import, and the side panel tabs. */
export function EditorToolbar({ state, problems, panel, onPanel }: { state: EditorState; problems: ProblemView[]; panel: string; onPanel(panel: "properties" | "simulator" | "history"): void }) {
  const t = useTranslations("editor");
  const format = useFormatter();
  const editor = useEditor();
  const flow = useReactFlow();
  const [stale, setStale] = useState<StaleDraft | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState("");
  const [publishProblems, setPublishProblems] = useState<ProblemView[]>([]);
  const errors = problems.filter((problem) => problem.severity === "error").length;

  async function save() {
    const document = state.document;
    try {
      const saved = await apiRequest<{ version: number }>(`/api/flows/${state.flowId}/draft`, { method: "PUT", body: { baseVersion: state.baseVersion, document } });
      markSaved(state.flowId, document, saved.version);
      setStale(null);
      editor.announce(t("saved", { version: saved.version }));
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.code === "draft-stale") setStale(caught.details as StaleDraft);
      else editor.announce(caught instanceof Error ? caught.message : String(caught));
    }
  }

  async function reloadNewer() {
    const flowData = await apiRequest<{ name: string; kind: EditorState["kind"]; document: Record<string, unknown>; draftVersion: number; publishedVersion: number | null }>(`/api/flows/${state.flowId}`);
    openFlow({ flowId: state.flowId, flowName: flowData.name, kind: flowData.kind, document: toDraftDocument(flowData.document), baseVersion: flowData.draftVersion, publishedVersion: flowData.publishedVersion }, true);
    setStale(null);
  }

  async function publish() {
    try {
      const published = await apiRequest<{ version: number }>(`/api/flows/${state.flowId}/publish`, { method: "POST", body: { draftVersion: state.baseVersion, note: note.trim() || undefined } });
      markPublished(state.flowId, published.version);
      setPublishing(false);
      setNote("");
      setPublishProblems([]);
      editor.announce(t("published", { version: published.version }));
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.code === "flow-invalid") setPublishProblems((caught.details as { problems: ProblemView[] }).problems);
      else if (caught instanceof ApiRequestError && caught.code === "draft-stale") setStale(caught.details as StaleDraft);
      editor.announce(caught instanceof Error ? caught.message : String(caught));
    }
  }

  async function autoLayout() {
    const laidOut = await layoutDocument(state.document);
    changeDocument(state.flowId, () => laidOut);
    window.requestAnimationFrame(() => void flow.fitView({ duration: 200 }));
  }

  // Exports the saved draft as a bundle: the flow with its subflows, prompts, calendars and
  // numbers by name, which the flow list imports into this or another tenant.
  async function exportBundle() {
    try {
      const bundle = await apiRequest<unknown>(`/api/flows/${state.flowId}/bundle`);
      const link = document.createElement("a");

      link.href = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: "application/json" }));
      link.download = `${state.flowName}.bundle.json`;
      link.click();
      URL.revokeObjectURL(link.href);
      editor.announce(t(state.dirty ? "exportedSaved" : "exported", { file: link.download }));
    } catch (caught) {
      editor.announce(caught instanceof Error ? caught.message : String(caught));
    }
  }

  const tab = (name: "properties" | "simulator" | "history") => (
    <button type="button" role="tab" aria-selected={panel === name} onClick={() => onPanel(name)} className={`rounded px-2 py-1 text-xs ${panel === name ? "bg-blue-700 text-white" : "bg-white hover:bg-slate-100"}`}>
      {t(`panel.${name}`)}
    </button>
  );

  return (
    <div className="border-b border-slate-200 bg-slate-50">
      <div role="toolbar" aria-label={t("toolbar")} className="flex flex-wrap items-center gap-2 px-3 py-1.5">
        <h1 className="mr-2 font-semibold" data-user-content>
          {state.flowName}
        </h1>
        <span className="text-xs text-slate-600" data-testid="save-state">
          {state.dirty ? t("unsaved") : t("savedState", { version: state.baseVersion })}
          {" · "}
          {state.publishedVersion === null ? t("notPublished") : t("publishedState", { version: state.publishedVersion })}
        </span>
        <span className="flex-1" />
        <button type="button" className={BUTTON} onClick={() => undo(state.flowId)} disabled={state.past.length === 0} aria-keyshortcuts="Control+Z">
          {t("undo")}
        </button>
        <button type="button" className={BUTTON} onClick={() => redo(state.flowId)} disabled={state.future.length === 0} aria-keyshortcuts="Control+Shift+Z">
          {t("redo")}
        </button>
        <button type="button" className={BUTTON} onClick={() => deleteSelection(state.flowId)} disabled={state.selectedNodeIds.length === 0} aria-keyshortcuts="Delete">
          {t("delete")}
        </button>
        <button type="button" className={BUTTON} onClick={autoLayout}>
          {t("layout")}
        </button>
        <button type="button" className={BUTTON} onClick={() => void flow.fitView({ duration: 200 })}>
          {t("fit")}
        </button>
        <button type="button" className={BUTTON} onClick={exportBundle}>
          {t("export")}
        </button>
        <button type="button" className={`${BUTTON} font-semibold`} onClick={save} disabled={!state.dirty}>
          {t("save")}
        </button>
        <button type="button" className="rounded bg-blue-700 px-2 py-1 text-xs font-semibold text-white disabled:opacity-50" onClick={() => setPublishing(true)} disabled={state.dirty || errors > 0} title={state.dirty ? t("saveFirst") : errors > 0 ? t("fixFirst", { count: errors }) : undefined}>
          {t("publish")}
        </button>
        <div role="tablist" aria-label={t("panels")} className="ml-2 flex gap-1">
          {tab("properties")}
          {tab("simulator")}
          {tab("history")}
        </div>
      </div>
      {stale && (
        <div role="alert" className="flex items-center gap-3 bg-amber-100 px-3 py-1.5 text-xs text-amber-900" data-testid="stale-draft">
          {t("stale", { author: stale.updatedBy.displayName, time: format.dateTime(new Date(stale.updatedAt), { dateStyle: "medium", timeStyle: "medium" }), version: stale.currentVersion })}
          <button type="button" className={BUTTON} onClick={reloadNewer}>
            {t("loadNewer")}
          </button>
        </div>
      )}
      {publishing && (
        <div role="dialog" aria-modal="true" aria-labelledby="publish-heading" className="fixed inset-0 z-20 flex items-center justify-center bg-black/30">
          <div className="flex w-[28rem] flex-col gap-3 rounded-lg bg-white p-5 shadow-lg">
            <h2 id="publish-heading" className="font-semibold">
              {t("publishHeading", { version: state.baseVersion })}
            </h2>
            <label className="flex flex-col gap-1 text-sm">
              {t("note")}
              <textarea autoFocus rows={3} value={note} onChange={(event) => setNote(event.target.value)} className="rounded border border-slate-300 px-2 py-1" />
            </label>
            {publishProblems.length > 0 && (
              <ul role="alert" className="text-xs text-red-700">
                {publishProblems.map((problem, index) => (
                  <li key={index}>{problem.message}</li>
                ))}
              </ul>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" className={BUTTON} onClick={() => setPublishing(false)}>
                {t("cancel")}
              </button>
              <button type="button" className="rounded bg-blue-700 px-3 py-1 text-sm font-semibold text-white" onClick={publish}>
                {t("confirmPublish")}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
