"use client";

import { CALL_VARIABLES } from "@callflow/sdk";
import { useTranslations } from "next-intl";

import { changeDocument, type EditorState } from "../../lib/editor-store";
import { variableNames } from "../../lib/flow-document";
import { useEditor } from "./editor-context";
import { PortConnections } from "./port-connections";
import { ObjectFields, type FormContext } from "./schema-form";

// Maps a problem's JSON pointer (`/nodes/3/config/options/0/key`) to the config path of the
// field it concerns (`options/0/key`), for the node at `index`.
function configPath(pointer: string, index: number): string | null {
  const prefix = `/nodes/${index}/config`;

  if (pointer === prefix) return "";
  return pointer.startsWith(`${prefix}/`) ? pointer.slice(prefix.length + 1) : null;
}

/** The selected node's id, label and config, as a form generated from the node type's schema. */
export function PropertyPanel({ state }: { state: EditorState }) {
  const t = useTranslations("properties");
  const editor = useEditor();
  const selected = state.selectedNodeIds.length === 1 ? state.document.nodes.findIndex((node) => node.id === state.selectedNodeIds[0]) : -1;
  const node = selected >= 0 ? state.document.nodes[selected] : undefined;

  if (!node) {
    return (
      <aside aria-label={t("heading")} className="w-80 border-l border-slate-200 bg-white p-3 text-sm text-slate-600">
        <h2 className="mb-2 font-semibold text-slate-900">{t("heading")}</h2>
        {state.selectedNodeIds.length > 1 ? t("many", { count: state.selectedNodeIds.length }) : t("none")}
      </aside>
    );
  }

  const entry = editor.catalogue.get(node.type);
  const problems = new Map<string, string[]>();
  const nodeProblems: string[] = [];

  for (const problem of editor.problems) {
    if (problem.nodeId !== node.id) continue;
    const path = configPath(problem.pointer, selected);

    if (path === null || path === "") nodeProblems.push(problem.message);
    else problems.set(path, [...(problems.get(path) ?? []), problem.message]);
  }

  const context: FormContext = { languages: state.document.languages, variables: variableNames(state.document, CALL_VARIABLES), problems };

  function setNode(change: Partial<typeof node>) {
    changeDocument(state.flowId, (draft) => ({ ...draft, nodes: draft.nodes.map((each) => (each.id === node!.id ? { ...each, ...change } : each)) }));
  }

  return (
    <aside aria-label={t("heading")} className="flex w-96 flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3 text-sm" data-testid="property-panel">
      <h2 className="font-semibold">
        {entry?.title ?? node.type} <span className="font-mono text-xs text-slate-500" data-user-content>{node.id}</span>
      </h2>
      {entry && <p className="text-xs text-slate-600">{entry.description}</p>}
      {nodeProblems.length > 0 && (
        <ul role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800">
          {nodeProblems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <label className="flex flex-col gap-1 text-xs">
        <span className="font-medium text-slate-700">{t("label")}</span>
        <input type="text" value={node.label ?? ""} onChange={(event) => setNode({ label: event.target.value === "" ? undefined : event.target.value })} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      {entry ? (
        <ObjectFields schema={entry.configSchema} value={node.config} path="" context={context} onChange={(config) => setNode({ config })} />
      ) : (
        <p className="text-xs text-amber-700">{t("unknownType", { type: node.type })}</p>
      )}
      <PortConnections state={state} node={node} />
    </aside>
  );
}
