import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";

export const callBlindTransferConfigSchema = z.object({
  /** Dialplan context, such as `from-ivr`. */
  context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, "a dialplan context name such as from-ivr"),
  /** Extension, with `{{ }}` placeholders. */
  extension: z.string().min(1).max(80),
  priority: z.number().int().min(1).default(1),
});

/** Hands the call to the Asterisk dialplan. */
export const callBlindTransferSpec = defineSpec({
  type: "call.blindTransfer",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Transfer to dialplan", "zh-Hans": "转入拨号计划", "zh-Hant": "轉入撥號計畫" },
  description: {
    en: "Hands the call to an extension of the Asterisk dialplan (a blind transfer). The flow ends here; channel variables set before stay with the call.",
    "zh-Hans": "把来电交给 Asterisk 拨号计划中的分机（盲转）。流程在此结束；之前设置的通道变量会随来电保留。",
    "zh-Hant": "把來電交給 Asterisk 撥號計畫中的分機（盲轉）。流程在此結束；之前設定的通道變數會隨來電保留。",
  },
  configSchema: callBlindTransferConfigSchema,
  ports: [],
  terminal: true,
  capabilities: ["telephony"],
  prepare(config, tools): { context: string; extension: CompiledTemplate; priority: number } {
    return { context: config.context, extension: tools.template(config.extension, "/extension"), priority: config.priority };
  },
});
