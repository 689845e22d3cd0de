"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { NO_MARKS } from "../../lib/canvas-marks";
import { useEditor } from "./editor-context";
import type { DiffView } from "./history-panel";
import { ReadOnlyCanvas } from "./read-only-canvas";

function describe(value: unknown): string {
  return value === undefined ? "—" : JSON.stringify(value);
}

/** Two versions compared on a read-only canvas: added, removed and changed nodes marked, changed fields listed. */
export function DiffCanvas({ view, onClose }: { view: DiffView; onClose(): void }) {
  const t = useTranslations("diff");
  const editor = useEditor();
  const marks = useMemo(() => {
    const diff: Record<string, "added" | "removed" | "changed"> = {};
    for (const node of view.diff.nodes.added) diff[node.id] = "added";
    for (const node of view.diff.nodes.removed) diff[node.id] = "removed";
    for (const node of view.diff.nodes.changed) diff[node.id] = "changed";
    return { ...NO_MARKS, diff };
  }, [view]);
  const label = (reference: number | "draft") => (reference === "draft" ? t("draft") : t("version", { version: reference }));

  return (
    <div className="flex h-full" data-testid="diff-view">
      <div className="relative flex-1">
        <ReadOnlyCanvas document={view.document} marks={marks} catalogue={editor.catalogue} />
      </div>
      <aside aria-label={t("heading")} className="w-96 overflow-y-auto border-l border-slate-200 bg-white p-3 text-xs">
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-sm font-semibold">{t("heading", { from: label(view.from), to: label(view.to) })}</h2>
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-2 py-0.5">
            {t("close")}
          </button>
        </div>
        <p className="mb-2">{t("summary", { added: view.diff.nodes.added.length, removed: view.diff.nodes.removed.length, changed: view.diff.nodes.changed.length })}</p>
        <ul className="flex flex-col gap-2" data-testid="diff-changes">
          {view.diff.nodes.added.map((node) => (
            <li key={`added-${node.id}`} className="text-green-800">
              {t("added")} <span className="font-mono" data-user-content>{node.id}</span>
            </li>
          ))}
          {view.diff.nodes.removed.map((node) => (
            <li key={`removed-${node.id}`} className="text-red-800">
              {t("removed")} <span className="font-mono" data-user-content>{node.id}</span>
            </li>
          ))}
          {view.diff.nodes.changed.map((node) => (
            <li key={`changed-${node.id}`} className="text-amber-800">
              {t("changed")} <span className="font-mono" data-user-content>{node.id}</span>
              <ul className="ml-3 list-disc">
                {node.changes.map((change) => (
                  <li key={change.path} className="font-mono" data-user-content>
                    {change.path}: {describe(change.before)} → {describe(change.after)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {view.diff.edges.added.length + view.diff.edges.removed.length + view.diff.edges.changed.length > 0 && (
            <li>{t("edges", { added: view.diff.edges.added.length, removed: view.diff.edges.removed.length, changed: view.diff.edges.changed.length })}</li>
          )}
        </ul>
      </aside>
    </div>
  );
}
