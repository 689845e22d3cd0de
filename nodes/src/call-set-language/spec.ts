import { defineSpec, spokenLanguageSchema, type CompiledExpression } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { expressionSchema } from "../shared/schemas.js";

export const callSetLanguageConfigSchema = z
  .object({
    /** A fixed spoken language, one the flow declares. */
    language: spokenLanguageSchema.optional(),
    /** Or an expression giving the language tag, such as `$substring(caller, 0, 3) = "852" ? "yue" : "cmn"`. */
    expression: expressionSchema.optional(),
  })
  .refine((c) => (c.language === undefined) !== (c.expression === undefined), {
    message: "set exactly one of language or expression",
  });

export type CallSetLanguageConfig = z.infer<typeof callSetLanguageConfigSchema>;

/** Selects the spoken language of the following prompts. */
export const callSetLanguageSpec = defineSpec({
  type: "call.setLanguage",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Set language", "zh-Hans": "设置语言", "zh-Hant": "設定語言" },
  description: {
    en: "Selects the spoken language (such as cmn, yue or en) of the prompts that follow. The language must be one the flow declares.",
    "zh-Hans": "选择后续提示音的播报语言（如 cmn、yue 或 en）。该语言必须是流程声明的语言之一。",
    "zh-Hant": "選擇後續提示音的播報語言（如 cmn、yue 或 en）。該語言必須是流程宣告的語言之一。",
  },
  configSchema: callSetLanguageConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: ["telephony"],
  prepare(config, tools): { language?: string; expression?: CompiledExpression; languages: readonly string[] } {
    if (config.language !== undefined && !tools.languages.includes(config.language)) {
      tools.problem("/language", `"${config.language}" is not one of the flow's languages (${tools.languages.join(", ")}); add it to the flow's languages or pick one of them`);
    }
    tools.writes("language");
    return {
      language: config.language,
      expression: config.expression === undefined ? undefined : tools.expression(config.expression, "/expression"),
      languages: tools.languages,
    };
  },
});
