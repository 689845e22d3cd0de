"use client";

import { useReactFlow } from "@xyflow/react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import type { NodeTypeView } from "../../lib/api-types";
import { useEditor } from "./editor-context";
import { addNodeOfType, freePosition, PALETTE_DRAG_TYPE } from "./node-actions";

/**
 * Node types allowed in the flow's kind, grouped by category and searchable. Drag an item onto
 * the canvas, or press Enter on it to add the node in the middle of the view.
 */
export function NodePalette({ types }: { types: NodeTypeView[] }) {
  const t = useTranslations("palette");
  const editor = useEditor();
  const flow = useReactFlow();
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const shown = types.filter((type) => needle === "" || type.title.toLowerCase().includes(needle) || type.type.toLowerCase().includes(needle) || type.description.toLowerCase().includes(needle));
  const categories = [...new Set(shown.map((type) => type.category))];
  // Custom node packages may bring categories the catalogues do not name.
  const categoryTitle = (category: string) => (t.has(`category.${category}`) ? t(`category.${category}`) : category);

  function addAtCentre(type: NodeTypeView) {
    const pane = window.document.querySelector(".react-flow")?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 0, y: 0 };
    const boxes = flow.getNodes().map((node) => ({ x: node.position.x, y: node.position.y, width: node.measured?.width ?? 220, height: node.measured?.height ?? 100 }));
    const id = addNodeOfType(editor.flowId, type.type, type, freePosition(boxes, flow.screenToFlowPosition(centre)));

    if (id) editor.announce(t("added", { title: type.title, id }));
  }

  return (
    <aside aria-label={t("heading")} className="flex h-full w-56 flex-col border-r border-slate-200 bg-white">
      <h2 className="px-3 pt-3 text-sm font-semibold">{t("heading")}</h2>
      <label className="px-3 py-2 text-xs">
        <span className="sr-only">{t("search")}</span>
        <input type="search" placeholder={t("search")} aria-label={t("search")} value={search} onChange={(event) => setSearch(event.target.value)} className="w-full rounded border border-slate-300 px-2 py-1" />
      </label>
      <div className="flex-1 overflow-y-auto px-3 pb-3">
        {categories.map((category) => (
          <section key={category} aria-label={categoryTitle(category)}>
            <h3 className="mt-2 mb-1 text-xs font-semibold text-slate-500 uppercase">{categoryTitle(category)}</h3>
            <ul className="flex flex-col gap-1">
              {shown
                .filter((type) => type.category === category)
                .map((type) => (
                  <li key={type.type}>
                    <button
                      type="button"
                      draggable
                      onDragStart={(event) => {
                        event.dataTransfer.setData(PALETTE_DRAG_TYPE, type.type);
                        event.dataTransfer.effectAllowed = "copy";
                      }}
                      onClick={() => addAtCentre(type)}
                      title={type.description}
                      data-node-type={type.type}
                      className="w-full rounded border border-slate-200 px-2 py-1 text-left text-xs hover:bg-blue-50"
                    >
                      {type.title}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ))}
        {shown.length === 0 && <p className="text-xs text-slate-500">{t("none")}</p>}
      </div>
    </aside>
  );
}
