import { defineSpec, type PreparedPrompt } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { promptSchema, variableNameSchema } from "../shared/schemas.js";

export const mediaRecordConfigSchema = z.object({
  /** Played before the beep, such as "Please leave a message after the tone". */
  prompt: promptSchema.optional(),
  beep: z.boolean().default(true),
  /** Maximum length of the message in seconds. Default 120. */
  maxDurationSeconds: z.number().int().min(1).max(3600).default(120),
  /** Seconds of silence that end the message; 0 to ignore silence. Default 5. */
  maxSilenceSeconds: z.number().int().min(0).max(60).default(5),
  /** Key that ends the message. Default `#`. */
  terminateOn: z.enum(["#", "*", "any", "none"]).default("#"),
  /** Variable that receives {name, durationSeconds, caller, called, at, flow, flowVersion}. Default `recording`. */
  variable: variableNameSchema.default("recording"),
});

/** The config as `run` uses it. */
export interface PreparedMediaRecord extends Omit<z.infer<typeof mediaRecordConfigSchema>, "prompt"> {
  prompt?: PreparedPrompt;
}

/** Records a message from the caller (voicemail). */
export const mediaRecordSpec = defineSpec({
  type: "media.record",
  version: 1,
  category: "media",
  kinds: CALL_KINDS,
  title: { en: "Record message", "zh-Hans": "录音留言", "zh-Hant": "錄音留言" },
  description: {
    en: "Records a message from the caller after an optional prompt and a beep. It ends at the maximum length, after the silence limit, or on the stop key; the recording's name, length, caller, called number, time and flow go into a variable.",
    "zh-Hans": "在可选的提示音和提示音“哔”之后录下来电者的留言。达到最长时间、静音超时或按下结束键时结束；录音名称、时长、主叫、被叫、时间和流程会写入变量。",
    "zh-Hant": "在可選的提示音和嗶聲之後錄下來電者的留言。達到最長時間、靜音逾時或按下結束鍵時結束；錄音名稱、長度、來電號碼、受話號碼、時間和流程會寫入變數。",
  },
  configSchema: mediaRecordConfigSchema,
  ports: ["next", "empty"],
  requiredPorts: ["next"],
  portTitles: {
    next: { en: "Recorded", "zh-Hans": "已录音", "zh-Hant": "已錄音" },
    empty: { en: "Nothing recorded", "zh-Hans": "未录到内容", "zh-Hant": "未錄到內容" },
  },
  waits: "caller",
  capabilities: ["telephony"],
  prepare(config, tools): PreparedMediaRecord {
    tools.writes(config.variable);
    return { ...config, prompt: config.prompt && tools.prompt(config.prompt, "/prompt") };
  },
});
