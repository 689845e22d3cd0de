"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";

import { changeDocument, type EditorState } from "../../lib/editor-store";
import type { DraftNode } from "../../lib/flow-document";
import { outputPorts } from "../../lib/node-ports";
import { useEditor } from "./editor-context";

/**
 * Lists the selected node's output ports, each with a choice of the node it leads to, so that a
 * keyboard user connects, reconnects and disconnects ports without dragging. A port takes one
 * edge, so choosing a node replaces the port's edge; the entry node is never offered.
 */
export function PortConnections({ state, node }: { state: EditorState; node: DraftNode }) {
  const t = useTranslations("properties");
  const canvas = useTranslations("canvas");
  const editor = useEditor();
  const headingId = useId();
  const ports = outputPorts(node, editor.catalogue.get(node.type));
  const targets = state.document.nodes.filter((candidate) => candidate.id !== state.document.entry);

  if (ports.length === 0) return null;

  function connect(port: string, target: string) {
    changeDocument(state.flowId, (draft) => {
      const others = draft.edges.filter((edge) => !(edge.from === node.id && edge.port === port));
      return { ...draft, edges: target === "" ? others : [...others, { from: node.id, port, to: target }] };
    });
    editor.announce(target === "" ? t("disconnected", { port, node: node.id }) : canvas("connected", { port, node: node.id, target }));
  }

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-1 text-xs" data-testid="port-connections">
      <h3 id={headingId} className="font-medium text-slate-700">
        {t("connections")}
      </h3>
      {ports.map((port) => {
        const current = state.document.edges.find((edge) => edge.from === node.id && edge.port === port)?.to ?? "";
        return (
          <label key={port} className="flex items-center justify-between gap-2">
            <span className="font-mono" data-user-content>
              {port}
            </span>
            <select aria-label={t("portTarget", { port })} value={current} onChange={(event) => connect(port, event.target.value)} className="max-w-[60%] rounded border border-slate-300 px-1 py-0.5">
              <option value="">{t("notConnected")}</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.id}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </section>
  );
}
