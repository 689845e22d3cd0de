"use client";

import Editor, { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useLocale } from "next-intl";

// Monaco is bundled with the studio and its workers come from the same origin: by default
// @monaco-editor/react loads Monaco from a CDN, which fails offline.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === "typescript" || label === "javascript") {
      return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });

// Variables offered by completion. One list for the page: only one flow is edited at a time.
let completionVariables: readonly string[] = [];

// JSONata functions offered by completion, from the JSONata 2.x function library.
const JSONATA_FUNCTIONS = ["$string", "$length", "$substring", "$substringBefore", "$substringAfter", "$uppercase", "$lowercase", "$trim", "$pad", "$contains", "$split", "$join", "$replace", "$number", "$abs", "$floor", "$ceil", "$round", "$sum", "$max", "$min", "$average", "$boolean", "$not", "$exists", "$count", "$now", "$millis"];

let registered = false;

function registerLanguages() {
  if (registered) return;
  registered = true;

  monaco.languages.register({ id: "jsonata" });
  monaco.languages.setMonarchTokensProvider("jsonata", {
    tokenizer: {
      root: [
        [/"([^"\\]|\\.)*"/, "string"],
        [/'([^'\\]|\\.)*'/, "string"],
        [/\$[A-Za-z_]\w*/, "keyword"],
        [/\d+(\.\d+)?/, "number"],
        [/\b(and|or|in|true|false|null)\b/, "keyword"],
      ],
    },
  });

  for (const language of ["jsonata", "javascript"]) {
    monaco.languages.registerCompletionItemProvider(language, {
      provideCompletionItems(model, position) {
        const word = model.getWordUntilPosition(position);
        const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
        const variables = completionVariables.map((name) => ({ label: name, kind: monaco.languages.CompletionItemKind.Variable, insertText: name, range }));
        const functions = language === "jsonata" ? JSONATA_FUNCTIONS.map((name) => ({ label: name, kind: monaco.languages.CompletionItemKind.Function, insertText: `${name}()`, range })) : [];

        return { suggestions: [...variables, ...functions] };
      },
    });
  }
}

/**
 * A Monaco editor for one expression or script, with completion of the flow's variables. The
 * `nokey` class stops React Flow's keys (Space pans, Backspace deletes nodes) while typing,
 * because React Flow does not see Monaco's EditContext as an input.
 */
export function CodeField({ language, value, variables, label, onChange }: { language: "jsonata" | "javascript"; value: string; variables: string[]; label: string; onChange(text: string): void }) {
  const locale = useLocale();

  completionVariables = variables;
  registerLanguages();

  return (
    <div className="nokey rounded border border-slate-300" data-code-language={language}>
      <Editor
        height={language === "javascript" ? 200 : 60}
        language={language}
        value={value}
        onChange={(text) => onChange(text ?? "")}
        options={{
          minimap: { enabled: false },
          lineNumbers: language === "javascript" ? "on" : "off",
          fontSize: 12,
          scrollBeyondLastLine: false,
          wordWrap: "on",
          ariaLabel: label,
          automaticLayout: true,
          // Tab leaves a short expression, as it leaves any other field, so keyboard users are not
          // trapped in it. Scripts keep Tab for indenting; Ctrl+M switches Monaco's Tab mode there.
          tabFocusMode: language === "jsonata",
        }}
        loading={<span className="p-1 text-xs">…</span>}
        key={locale}
      />
    </div>
  );
}
