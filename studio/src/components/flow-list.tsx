"use client";

import { FLOW_KINDS, type FlowKind } from "@callflow/sdk";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useState, type ChangeEvent } from "react";

import { Link, useRouter } from "../i18n/navigation";
import { apiRequest, ApiRequestError } from "../lib/api-client";
import type { FlowSummary } from "../lib/api-types";
import { AppHeader } from "./app-header";
import { NewFlowDialog } from "./new-flow-dialog";
import { useSignedIn } from "./use-signed-in";

/** The flows of one kind with search, status and last editor, and the way to create one. */
export function FlowList() {
  const t = useTranslations("flows");
  const format = useFormatter();
  const stored = useSignedIn();
  const router = useRouter();
  const [kind, setKind] = useState<FlowKind>("ivr");
  const [search, setSearch] = useState("");
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    try {
      const result = await apiRequest<{ items: FlowSummary[] }>(`/api/flows?kind=${kind}`);
      setFlows(result.items);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }, [kind]);

  useEffect(() => {
    if (stored) void load();
  }, [stored, load]);

  if (!stored) return null;

  // Imports a bundle exported by the editor. A name the tenant already uses for other content
  // gets a suffix, and the tenant's own subflows, prompts and calendars of the same names stay.
  async function importBundle(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;

    try {
      const bundle = JSON.parse(await file.text()) as unknown;
      const outcome = await apiRequest<{ flowId: string }>("/api/flows/import", { method: "POST", body: { bundle, onConflict: "rename" } });
      router.push(`/flows/${outcome.flowId}`);
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : t("importFailed", { file: file.name, reason: String(caught) }));
    }
  }

  const needle = search.trim().toLowerCase();
  const shown = (flows ?? []).filter((flow) => needle === "" || flow.name.toLowerCase().includes(needle) || flow.updatedBy.displayName.toLowerCase().includes(needle));

  return (
    <>
      <AppHeader stored={stored} />
      <main className="mx-auto max-w-5xl p-6">
        <div className="mb-4 flex items-center gap-4">
          <h1 className="text-xl font-semibold">{t("heading")}</h1>
          <div role="tablist" aria-label={t("kinds")} className="flex gap-1">
            {FLOW_KINDS.map((candidate) => (
              <button
                key={candidate}
                role="tab"
                type="button"
                aria-selected={candidate === kind}
                onClick={() => setKind(candidate)}
                className={`rounded px-3 py-1 text-sm ${candidate === kind ? "bg-blue-700 text-white" : "bg-white hover:bg-slate-100"}`}
              >
                {t(`kind.${candidate}`)}
              </button>
            ))}
          </div>
          <div className="flex-1" />
          <label className="cursor-pointer rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100">
            {t("import")}
            <input type="file" accept="application/json,.json" className="sr-only" onChange={importBundle} />
          </label>
          <button type="button" onClick={() => setCreating(true)} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
            {t("new")}
          </button>
        </div>
        <label className="mb-4 flex items-center gap-2 text-sm">
          {t("search")}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} className="w-72 rounded border border-slate-300 px-2 py-1" />
        </label>
        {error && (
          <p role="alert" className="mb-4 text-sm text-red-700">
            {error}
          </p>
        )}
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th className="p-2">{t("column.name")}</th>
              <th className="p-2">{t("column.status")}</th>
              <th className="p-2">{t("column.published")}</th>
              <th className="p-2">{t("column.editor")}</th>
              <th className="p-2">{t("column.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((flow) => (
              <tr key={flow.id} className="border-b border-slate-100">
                <td className="p-2">
                  <Link href={`/flows/${flow.id}`} className="font-medium text-blue-800 hover:underline" data-user-content>
                    {flow.name}
                  </Link>
                </td>
                <td className="p-2">{t(`status.${flow.status}`)}</td>
                <td className="p-2">{flow.publishedVersion === null ? t("notPublished") : t("version", { version: flow.publishedVersion })}</td>
                <td className="p-2" data-user-content>
                  {flow.updatedBy.displayName}
                </td>
                <td className="p-2">{format.dateTime(new Date(flow.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {flows !== null && shown.length === 0 && <p className="mt-4 text-sm text-slate-600">{t("empty")}</p>}
      </main>
      {creating && <NewFlowDialog kind={kind} onClose={() => setCreating(false)} />}
    </>
  );
}
