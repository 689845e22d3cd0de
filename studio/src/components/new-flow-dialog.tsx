"use client";

import type { FlowKind } from "@callflow/sdk";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";

import { useRouter } from "../i18n/navigation";
import { apiRequest, ApiRequestError } from "../lib/api-client";
import type { FlowWithDraft } from "../lib/api-types";

interface TemplateSummary {
  id: string;
  kind: FlowKind;
  title: string;
  description: string;
}

// Builds the smallest document of a kind: an entry node that the analyst builds on.
// NOTE: call.inbound is the only entry node type so far, so in a workflow flow the compiler
// reports it as not allowed until workflow entry nodes exist.
function emptyDocument(kind: FlowKind, name: string) {
  return {
    schemaVersion: 1,
    kind,
    name: { en: name, "zh-Hans": name, "zh-Hant": name },
    languages: ["cmn", "yue", "en"],
    entry: "start",
    variables: {},
    nodes: [{ id: "start", type: "call.inbound", config: {}, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** Creates a flow from scratch or from a template, then opens it in the editor. */
export function NewFlowDialog({ kind, onClose }: { kind: FlowKind; onClose: () => void }) {
  const t = useTranslations("newFlow");
  const router = useRouter();
  const [name, setName] = useState("");
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [templateId, setTemplateId] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiRequest<{ items: TemplateSummary[] }>(`/api/templates?kind=${kind}`).then(
      (result) => setTemplates(result.items),
      (caught: unknown) => setError(caught instanceof ApiRequestError ? caught.message : String(caught)),
    );
  }, [kind]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);

    try {
      // A template brings its subflows, prompts and calendars along, so the new flow compiles as the example does.
      const flowId = templateId
        ? (await apiRequest<{ flowId: string }>(`/api/templates/${templateId}/flows`, { method: "POST", body: { name } })).flowId
        : (await apiRequest<FlowWithDraft>("/api/flows", { method: "POST", body: { name, kind, document: emptyDocument(kind, name) } })).id;

      router.push(`/flows/${flowId}`);
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="new-flow-heading" className="fixed inset-0 flex items-center justify-center bg-black/30">
      <form onSubmit={submit} className="flex w-[28rem] flex-col gap-4 rounded-lg bg-white p-6 shadow-lg">
        <h2 id="new-flow-heading" className="text-lg font-semibold">
          {t("heading", { kind })}
        </h2>
        <label className="flex flex-col gap-1 text-sm">
          {t("name")}
          <input name="flowName" required autoFocus value={name} onChange={(event) => setName(event.target.value)} pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}" className="rounded border border-slate-300 px-2 py-1" />
          <span className="text-xs text-slate-500">{t("nameHelp")}</span>
        </label>
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1">{t("start")}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="template" checked={templateId === ""} onChange={() => setTemplateId("")} />
            {t("scratch")}
          </label>
          {templates.map((template) => (
            <label key={template.id} className="flex items-start gap-2">
              <input type="radio" name="template" value={template.id} checked={templateId === template.id} onChange={() => setTemplateId(template.id)} />
              <span>
                <span className="font-medium">{t("template", { title: template.title })}</span>
                <span className="block text-xs text-slate-500">{template.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
            {t("cancel")}
          </button>
          <button type="submit" className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white">
            {t("create")}
          </button>
        </div>
      </form>
    </div>
  );
}
