"use client";

import { createContext, useContext } from "react";

import type { NodeTypeView, ProblemView } from "../../lib/api-types";

/** State the editor's panels share: the flow, the node catalogue and the current problems. */
export interface EditorContextValue {
  flowId: string;
  catalogue: Map<string, NodeTypeView>;
  problems: ProblemView[];
  /** Shows a short message in the editor's status line, such as why a connection was refused. */
  announce(message: string): void;
  /** Centres the canvas on a node and selects it. */
  focusNode(nodeId: string): void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);

  if (!value) throw new Error("useEditor is used outside the editor: render it inside EditorContext.Provider");
  return value;
}
