import type { FlowKind } from "@callflow/sdk";

import type { DraftDocument } from "./flow-document";
import { createStore } from "./tiny-store";

/** The editor's state of one flow: the draft being edited, its undo history and selection. */
export interface EditorState {
  flowId: string;
  flowName: string;
  kind: FlowKind;
  document: DraftDocument;
  /** draftVersion of the stored draft this work is based on. */
  baseVersion: number;
  publishedVersion: number | null;
  dirty: boolean;
  past: DraftDocument[];
  future: DraftDocument[];
  selectedNodeIds: string[];
}

// Enough steps for a working session; older steps are dropped first.
const MAX_UNDO_STEPS = 200;

/**
 * Editor states by flow id. The store lives outside the React tree, so switching the interface
 * locale (which remounts the page) keeps unsaved work.
 */
export const editorStore = createStore<Record<string, EditorState>>({});

/** No open flows: the value the server render and hydration read, one object so that it is stable. */
export const NO_EDITORS: Record<string, EditorState> = {};

export function editorState(flowId: string): EditorState | undefined {
  return editorStore.get()[flowId];
}

function update(flowId: string, change: (state: EditorState) => EditorState): void {
  editorStore.set((all) => {
    const state = all[flowId];
    return state ? { ...all, [flowId]: change(state) } : all;
  });
}

/** Opens a flow in the editor, unless it is already open with unsaved work. */
export function openFlow(state: Omit<EditorState, "dirty" | "past" | "future" | "selectedNodeIds">, replace = false): void {
  const current = editorState(state.flowId);

  if (current?.dirty && !replace) return;
  editorStore.set((all) => ({ ...all, [state.flowId]: { ...state, dirty: false, past: [], future: [], selectedNodeIds: [] } }));
}

/** Applies a change to the draft as one undoable step. */
export function changeDocument(flowId: string, change: (document: DraftDocument) => DraftDocument): void {
  update(flowId, (state) => {
    const next = change(state.document);

    if (next === state.document) return state;
    return { ...state, document: next, dirty: true, past: [...state.past.slice(-(MAX_UNDO_STEPS - 1)), state.document], future: [] };
  });
}

/**
 * Replaces the draft without an undo step, for changes that happen continuously (a node being
 * dragged); `changeDocument` records the step when the drag ends.
 */
export function replaceDocumentQuietly(flowId: string, document: DraftDocument): void {
  update(flowId, (state) => ({ ...state, document, dirty: true }));
}

/** Records `before` as the undo step of changes already applied quietly, such as a finished drag. */
export function recordStep(flowId: string, before: DraftDocument): void {
  update(flowId, (state) => (before === state.document ? state : { ...state, past: [...state.past.slice(-(MAX_UNDO_STEPS - 1)), before], future: [] }));
}

export function undo(flowId: string): void {
  update(flowId, (state) => {
    const previous = state.past.at(-1);

    if (!previous) return state;
    return { ...state, document: previous, past: state.past.slice(0, -1), future: [state.document, ...state.future], dirty: true };
  });
}

export function redo(flowId: string): void {
  update(flowId, (state) => {
    const next = state.future[0];

    if (!next) return state;
    return { ...state, document: next, past: [...state.past, state.document], future: state.future.slice(1), dirty: true };
  });
}

export function selectNodes(flowId: string, nodeIds: string[]): void {
  update(flowId, (state) => {
    const same = state.selectedNodeIds.length === nodeIds.length && state.selectedNodeIds.every((id, index) => id === nodeIds[index]);
    return same ? state : { ...state, selectedNodeIds: nodeIds };
  });
}

/** Records a successful save: the new base version, and no unsaved changes unless more were made. */
export function markSaved(flowId: string, savedDocument: DraftDocument, version: number): void {
  update(flowId, (state) => ({ ...state, baseVersion: version, dirty: state.document !== savedDocument }));
}

export function markPublished(flowId: string, version: number): void {
  update(flowId, (state) => ({ ...state, publishedVersion: version }));
}
