import type { PreparedPrompt } from "@callflow/sdk";

/** The prompt played to callers of a suspended tenant's numbers. */
export const SUSPENDED_PROMPT: PreparedPrompt = {
  languages: new Map(
    Object.entries({
      en: "This service is suspended. Please contact the company through its other channels.",
      cmn: "此服務目前已暫停，請透過其他管道與本公司聯絡。",
      yue: "呢個服務而家暫停咗，請經其他途徑同本公司聯絡。",
    }).map(([language, text]) => [language, { text }]),
  ),
};
