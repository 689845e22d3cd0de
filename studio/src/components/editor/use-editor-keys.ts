"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

import { redo, undo } from "../../lib/editor-store";
import { copySelection, pasteClipboard } from "./node-actions";

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName) || element.closest(".nokey") !== null;
}

/** Undo (Ctrl+Z), redo (Ctrl+Shift+Z or Ctrl+Y), copy (Ctrl+C) and paste (Ctrl+V) of node groups. */
export function useEditorKeys(flowId: string, announce: (message: string) => void): void {
  const t = useTranslations("editor");

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return;
      const key = event.key.toLowerCase();

      if (key === "z" && !event.shiftKey) undo(flowId);
      else if ((key === "z" && event.shiftKey) || key === "y") redo(flowId);
      else if (key === "c") announce(t("copied", { count: copySelection(flowId) }));
      else if (key === "v") announce(t("pasted", { count: pasteClipboard(flowId) }));
      else return;
      event.preventDefault();
    }

    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [flowId, announce, t]);
}
