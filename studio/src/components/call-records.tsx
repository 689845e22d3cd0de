"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";

import { apiRequest, ApiRequestError } from "../lib/api-client";
import type { NodeTypeView } from "../lib/api-types";
import { toDraftDocument, type DraftDocument } from "../lib/flow-document";
import type { TraceEventView } from "../lib/test-call-socket";
import { AppHeader } from "./app-header";
import { ReadOnlyCanvas } from "./editor/read-only-canvas";
import { marksFromTrace } from "./editor/simulator-panel";
import { useSignedIn } from "./use-signed-in";

interface CallSummary {
  id: string;
  channel: string;
  caller: string | null;
  called: string | null;
  flowId: string | null;
  flowVersion: number | null;
  startedAt: string;
  outcome: string | null;
  durationMs: number | null;
}

interface OpenTrace {
  call: CallSummary;
  document: DraftDocument;
  events: TraceEventView[];
  catalogue: Map<string, NodeTypeView>;
}

async function loadTrace(call: CallSummary): Promise<OpenTrace> {
  const source = call.flowVersion === null ? `/api/flows/${call.flowId}` : `/api/flows/${call.flowId}/versions/${call.flowVersion}`;
  const flow = await apiRequest<{ document: Record<string, unknown> }>(source);
  const document = toDraftDocument(flow.document);
  const [trace, nodes] = await Promise.all([
    apiRequest<{ items: Array<{ type: string; nodeId: string | null; at: string; data: Record<string, unknown> }> }>(`/api/calls/${call.id}/trace?limit=5000`),
    apiRequest<{ items: NodeTypeView[] }>(`/api/nodes?kind=${document.kind}`),
  ]);
  const events = trace.items.map((item) => ({ ...item.data, type: item.type, at: item.at, nodeId: item.nodeId ?? undefined }));

  return { call, document, events, catalogue: new Map(nodes.items.map((entry) => [entry.type, entry])) };
}

/** The tenant's call records; opening one draws its path on the flow version it ran. */
export function CallRecords() {
  const t = useTranslations("calls");
  const format = useFormatter();
  const stored = useSignedIn();
  const [calls, setCalls] = useState<CallSummary[]>([]);
  const [open, setOpen] = useState<OpenTrace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcomeTitle = (outcome: string | null) => {
    if (outcome === null) return "—";
    return t.has(`outcomes.${outcome}`) ? t(`outcomes.${outcome}`) : outcome;
  };
  const marks = useMemo(() => (open ? { ...marksFromTrace(open.events), activeNodeId: null } : null), [open]);

  useEffect(() => {
    if (!stored) return;
    apiRequest<{ items: CallSummary[] }>("/api/calls?limit=100").then(
      (result) => setCalls(result.items),
      (caught: unknown) => setError(caught instanceof ApiRequestError ? caught.message : String(caught)),
    );
  }, [stored]);

  if (!stored) return null;

  async function openCall(call: CallSummary) {
    try {
      setOpen(await loadTrace(call));
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  return (
    <div className="flex h-screen flex-col">
      <AppHeader stored={stored} />
      {error && (
        <p role="alert" className="p-3 text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex min-h-0 flex-1">
        <section aria-label={t("heading")} className="w-[32rem] overflow-y-auto border-r border-slate-200 bg-white p-3 text-xs">
          <h1 className="mb-2 text-base font-semibold">{t("heading")}</h1>
          <table className="w-full">
            <thead>
              <tr className="text-left">
                <th>{t("started")}</th>
                <th>{t("caller")}</th>
                <th>{t("called")}</th>
                <th>{t("outcome")}</th>
                <th>{t("version")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.id} className={open?.call.id === call.id ? "bg-blue-50" : ""}>
                  <td>
                    <button type="button" onClick={() => openCall(call)} disabled={call.flowId === null} className="text-blue-800 hover:underline disabled:text-slate-500" aria-label={t("open", { callId: call.id })}>
                      {format.dateTime(new Date(call.startedAt), { dateStyle: "short", timeStyle: "medium" })}
                    </button>
                  </td>
                  <td data-user-content>{call.caller}</td>
                  <td data-user-content>{call.called}</td>
                  <td>{outcomeTitle(call.outcome)}</td>
                  <td>{call.flowVersion === null ? t("draft") : call.flowVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {calls.length === 0 && <p className="mt-2 text-slate-600">{t("none")}</p>}
        </section>
        <div className="relative flex-1" data-testid="trace-view">
          {open && marks ? <ReadOnlyCanvas document={open.document} marks={marks} catalogue={open.catalogue} /> : <p className="p-4 text-sm text-slate-600">{t("choose")}</p>}
        </div>
      </div>
    </div>
  );
}
