import { defineNode } from "@callflow/sdk";

import { callSetLanguageSpec } from "./spec.js";

/** An expression gave a language the flow does not declare. */
export class UnknownLanguageError extends Error {
  readonly code = "unknown-language";

  constructor(value: unknown, languages: readonly string[]) {
    super(`the language expression gave ${JSON.stringify(value)}, which is not one of the flow's languages (${languages.join(", ")})`);
    this.name = "UnknownLanguageError";
  }
}

export const callSetLanguageNode = defineNode(callSetLanguageSpec, async (ctx, config) => {
  const language = config.expression ? await ctx.evaluate(config.expression) : config.language;

  if (typeof language !== "string" || !config.languages.includes(language)) throw new UnknownLanguageError(language, config.languages);
  ctx.call.setLanguage(language);
  return "next";
});
