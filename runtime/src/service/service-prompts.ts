import type { PreparedPrompt } from "@callflow/sdk";

function prompt(texts: Record<string, string>): PreparedPrompt {
  return { languages: new Map(Object.entries(texts).map(([language, text]) => [language, { text }])) };
}

/** Played to a number that no tenant owns. */
export const NOT_IN_SERVICE_PROMPT = prompt({
  en: "The number you have dialed is not in service. Please check the number and try again.",
  cmn: "您撥的號碼是空號，請查明後再撥。",
  yue: "你所撥打嘅號碼並未登記，請查清楚再打。",
});

/** Played when the number's concurrent-call limit is reached. */
export const BUSY_PROMPT = prompt({
  en: "All our lines are busy. Please call again later.",
  cmn: "目前線路忙碌中，請稍後再撥。",
  yue: "而家所有線路都繁忙，請稍後再打嚟。",
});

/** Played when the runtime is shutting down and takes no new calls. */
export const UNAVAILABLE_PROMPT = prompt({
  en: "This service is temporarily unavailable. Please call again in a few minutes.",
  cmn: "服務暫時無法使用，請過幾分鐘再撥。",
  yue: "服務暫時未能使用，請過幾分鐘再打嚟。",
});
