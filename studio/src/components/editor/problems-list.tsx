"use client";

import { useTranslations } from "next-intl";

import { useEditor } from "./editor-context";

/** Every problem of the draft; choosing one focuses the node it concerns. */
export function ProblemsList() {
  const t = useTranslations("problems");
  const editor = useEditor();
  const errors = editor.problems.filter((problem) => problem.severity === "error").length;

  return (
    <section aria-label={t("heading")} className="max-h-40 overflow-y-auto border-t border-slate-200 bg-white px-3 py-2 text-xs" data-testid="problems">
      <h2 className="mb-1 font-semibold">
        {t("heading")} <span className="font-normal text-slate-600">{t("counts", { errors, warnings: editor.problems.length - errors })}</span>
      </h2>
      {editor.problems.length === 0 && <p className="text-emerald-700">{t("none")}</p>}
      <ul className="flex flex-col gap-0.5">
        {editor.problems.map((problem, index) => (
          <li key={`${problem.code}-${problem.pointer}-${index}`}>
            <button
              type="button"
              disabled={!problem.nodeId}
              onClick={() => problem.nodeId && editor.focusNode(problem.nodeId)}
              className={`w-full text-left hover:underline ${problem.severity === "error" ? "text-red-700" : "text-amber-700"}`}
              data-problem-node={problem.nodeId}
            >
              <span className="font-semibold">{t(problem.severity)}</span> {problem.nodeId && <span className="font-mono" data-user-content>[{problem.nodeId}]</span>} {problem.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
