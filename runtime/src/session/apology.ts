import type { PreparedPrompt } from "@callflow/sdk";

/**
 * Apology texts: what a caller hears when a flow fails with no `error` path: an apology and goodbye, in each
 * built-in spoken language. Operators may pass their own texts to the session.
 */
export const DEFAULT_APOLOGY_TEXTS: Readonly<Record<string, string>> = {
  en: "We are sorry, we cannot complete your call right now. Please call again later. Goodbye.",
  cmn: "很抱歉，目前無法為您完成服務，請稍後再撥。再見。",
  yue: "對唔住，我哋而家未能處理你嘅來電，請稍後再打嚟。再見。",
};

/** Builds the apology prompt from texts per spoken language. */
export function apologyPrompt(texts: Readonly<Record<string, string>> = DEFAULT_APOLOGY_TEXTS): PreparedPrompt {
  return { languages: new Map(Object.entries(texts).map(([language, text]) => [language, { text }])) };
}
