import { defineSpec, type PreparedPrompt } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { keySchema, promptSchema, timeoutMsSchema, variableNameSchema } from "../shared/schemas.js";

export const ivrCollectDigitsConfigSchema = z
  .object({
    prompt: promptSchema,
    /** Variable that receives the digits entered (a string, leading zeros kept). */
    variable: variableNameSchema,
    /** Fewest digits accepted. 0 makes the entry optional. Default 1. */
    minLength: z.number().int().min(0).max(64).default(1),
    /** Entry completes at this many digits without a terminator. Default 20. */
    maxLength: z.number().int().min(1).max(64).default(20),
    /** Key that ends the entry; null for none. Default `#`. */
    terminator: keySchema.nullable().default("#"),
    /** Key that clears what was entered and starts again; null for none. Default `*`. */
    clearKey: keySchema.nullable().default("*"),
    /** Milliseconds to wait for the first digit after the prompt. Default 5,000. */
    firstDigitTimeoutMs: timeoutMsSchema.default(5000),
    /** Milliseconds to wait for each next digit; then the entry ends. Default 3,000. */
    interDigitTimeoutMs: timeoutMsSchema.default(3000),
    /** Regular expression the whole entry must match, such as `^09\d{8}$`. */
    pattern: z.string().max(200).optional(),
    /** Attempts before leaving by `timeout` or `invalid`. Default 3. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    invalidPrompt: promptSchema.optional(),
    timeoutPrompt: promptSchema.optional(),
    bargeIn: z.boolean().default(true),
    /** Drop keys typed ahead before this node. */
    clearBuffer: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.minLength > config.maxLength) ctx.addIssue({ code: "custom", path: ["minLength"], message: "minLength is larger than maxLength" });
    if (config.terminator !== null && config.terminator === config.clearKey) {
      ctx.addIssue({ code: "custom", path: ["clearKey"], message: "clearKey and terminator are the same key; use two different keys" });
    }
    if (config.pattern !== undefined) {
      try {
        new RegExp(config.pattern);
      } catch (error) {
        ctx.addIssue({ code: "custom", path: ["pattern"], message: `is not a valid regular expression: ${(error as Error).message}` });
      }
    }
  });

export type IvrCollectDigitsConfig = z.infer<typeof ivrCollectDigitsConfigSchema>;

/** The config as `run` uses it. */
export interface PreparedCollectDigits extends Omit<IvrCollectDigitsConfig, "prompt" | "invalidPrompt" | "timeoutPrompt" | "pattern"> {
  prompt: PreparedPrompt;
  invalidPrompt?: PreparedPrompt;
  timeoutPrompt?: PreparedPrompt;
  pattern?: RegExp;
}

/** Collects a number such as an account or card number. */
export const ivrCollectDigitsSpec = defineSpec({
  type: "ivr.collectDigits",
  version: 1,
  category: "ivr",
  kinds: CALL_KINDS,
  title: { en: "Collect digits", "zh-Hans": "收号", "zh-Hant": "收號" },
  description: {
    en: "Collects digits into a variable. # ends the entry, * clears it and starts again, and the entry also ends at the maximum length or after the inter-digit timeout.",
    "zh-Hans": "把按键号码收集到变量中。# 结束输入，* 清除并重新开始；达到最大长度或超过按键间隔时间也会结束。",
    "zh-Hant": "把按鍵號碼收集到變數中。# 結束輸入，* 清除並重新開始；達到最大長度或超過按鍵間隔時間也會結束。",
  },
  configSchema: ivrCollectDigitsConfigSchema,
  ports: ["next", "timeout", "invalid"],
  requiredPorts: ["next"],
  portTitles: {
    next: { en: "Entered", "zh-Hans": "已输入", "zh-Hant": "已輸入" },
    timeout: { en: "No input", "zh-Hans": "未输入", "zh-Hant": "未輸入" },
    invalid: { en: "Invalid", "zh-Hans": "输入无效", "zh-Hant": "輸入無效" },
  },
  waits: "caller",
  iterationBound: (config) => config.maxAttempts,
  capabilities: ["telephony"],
  prepare(config, tools): PreparedCollectDigits {
    tools.writes(config.variable);
    return {
      ...config,
      prompt: tools.prompt(config.prompt, "/prompt"),
      invalidPrompt: config.invalidPrompt && tools.prompt(config.invalidPrompt, "/invalidPrompt"),
      timeoutPrompt: config.timeoutPrompt && tools.prompt(config.timeoutPrompt, "/timeoutPrompt"),
      pattern: config.pattern === undefined ? undefined : new RegExp(config.pattern),
    };
  },
});
