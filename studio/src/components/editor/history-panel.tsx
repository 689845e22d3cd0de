"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import type { FlowDiff, FlowVersionSummary } from "../../lib/api-types";
import { markPublished, type EditorState } from "../../lib/editor-store";
import { toDraftDocument, type DraftDocument } from "../../lib/flow-document";

/** A comparison of two versions, ready to draw. */
export interface DiffView {
  from: number | "draft";
  to: number | "draft";
  diff: FlowDiff;
  /** The `to` document with the removed nodes of `from` added back, to draw them too. */
  document: DraftDocument;
}

async function documentOf(flowId: string, reference: number | "draft"): Promise<DraftDocument> {
  const path = reference === "draft" ? `/api/flows/${flowId}` : `/api/flows/${flowId}/versions/${reference}`;
  return toDraftDocument((await apiRequest<{ document: Record<string, unknown> }>(path)).document);
}

/** Loads a diff and the documents it compares, with removed nodes kept for drawing. */
export async function loadDiff(flowId: string, from: number | "draft", to: number | "draft"): Promise<DiffView> {
  const [diff, before, after] = await Promise.all([apiRequest<FlowDiff>(`/api/flows/${flowId}/diff?from=${from}&to=${to}`), documentOf(flowId, from), documentOf(flowId, to)]);
  const removed = new Set(diff.nodes.removed.map((node) => node.id));
  const document = { ...after, nodes: [...after.nodes, ...before.nodes.filter((node) => removed.has(node.id))] };

  return { from, to, diff, document };
}

/** Published versions with publish notes, the diff of any two, and rollback. */
export function HistoryPanel({ state, onDiff }: { state: EditorState; onDiff(view: DiffView | null): void }) {
  const t = useTranslations("history");
  const format = useFormatter();
  const [versions, setVersions] = useState<FlowVersionSummary[]>([]);
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>("draft");
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await apiRequest<{ items: FlowVersionSummary[] }>(`/api/flows/${state.flowId}/versions`);
    setVersions(result.items);
    setFrom((current) => current || String(result.items[1]?.version ?? result.items[0]?.version ?? ""));
  }, [state.flowId]);

  useEffect(() => {
    load().catch((caught: unknown) => setMessage(caught instanceof ApiRequestError ? caught.message : String(caught)));
  }, [load, state.publishedVersion]);

  const reference = (value: string) => (value === "draft" ? "draft" : Number(value));

  async function compare() {
    setMessage(null);
    try {
      onDiff(await loadDiff(state.flowId, reference(from), reference(to)));
    } catch (caught) {
      setMessage(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  async function rollBack(version: number) {
    if (!window.confirm(t("confirmRollback", { version }))) return;
    try {
      const result = await apiRequest<{ version: number }>(`/api/flows/${state.flowId}/rollback`, { method: "POST", body: { version } });
      markPublished(state.flowId, result.version);
      setMessage(t("rolledBack", { version, newVersion: result.version }));
      await load();
    } catch (caught) {
      setMessage(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  const options = [
    <option key="draft" value="draft">
      {t("draft")}
    </option>,
    ...versions.map((version) => (
      <option key={version.version} value={version.version}>
        {t("version", { version: version.version })}
      </option>
    )),
  ];

  return (
    <aside aria-label={t("heading")} className="flex w-96 flex-col gap-2 overflow-y-auto border-l border-slate-200 bg-white p-3 text-xs" data-testid="history">
      <h2 className="text-sm font-semibold">{t("heading")}</h2>
      {message && <p role="status">{message}</p>}
      <div className="flex items-end gap-2">
        <label className="flex flex-col gap-1">
          {t("from")}
          <select aria-label={t("from")} value={from} onChange={(event) => setFrom(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5">
            {options}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {t("to")}
          <select aria-label={t("to")} value={to} onChange={(event) => setTo(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5">
            {options}
          </select>
        </label>
        <button type="button" onClick={compare} disabled={from === ""} className="rounded bg-blue-700 px-2 py-1 text-white disabled:opacity-50">
          {t("compare")}
        </button>
      </div>
      {versions.length === 0 && <p className="text-slate-600">{t("none")}</p>}
      <ol className="flex flex-col gap-1">
        {versions.map((version) => (
          <li key={version.version} className="rounded border border-slate-200 p-2" data-version={version.version}>
            <div className="flex items-center justify-between">
              <span className="font-semibold">{t("version", { version: version.version })}</span>
              <button type="button" onClick={() => rollBack(version.version)} className="rounded border border-slate-300 px-2 hover:bg-slate-100" aria-label={t("rollbackTo", { version: version.version })}>
                {t("rollback")}
              </button>
            </div>
            <div className="text-slate-600">
              {format.dateTime(new Date(version.publishedAt), { dateStyle: "medium", timeStyle: "short" })} · <span data-user-content>{version.publishedBy.displayName}</span>
            </div>
            {version.note && (
              <p className="mt-1" data-user-content>
                {version.note}
              </p>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
