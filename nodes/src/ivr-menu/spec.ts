import { defineSpec, type PreparedPrompt } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { keySchema, portNameSchema, promptSchema, timeoutMsSchema, variableNameSchema } from "../shared/schemas.js";

const RESERVED_PORTS = new Set(["timeout", "invalid", "error"]);

export const ivrMenuConfigSchema = z
  .object({
    prompt: promptSchema,
    /** Key sequences and the port each leads to. Keys may be several digits (`231`), for shortcuts. */
    options: z
      .array(
        z.object({
          key: z.string().regex(/^[0-9*#]{1,8}$/, "1-8 keys from 0-9, * and #"),
          port: portNameSchema.refine((p) => !RESERVED_PORTS.has(p), { message: "timeout and invalid are the menu's own ports; choose another name" }),
        }),
      )
      .min(1, "a menu needs at least one option"),
    /** Milliseconds to wait for the first key after the prompt. Default 5,000. */
    firstKeyTimeoutMs: timeoutMsSchema.default(5000),
    /** Milliseconds to wait between keys of a multi-key option. Default 2,000. */
    interDigitTimeoutMs: timeoutMsSchema.default(2000),
    /** Attempts (timeouts plus invalid keys) before leaving by `timeout` or `invalid`. Default 3. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    invalidPrompt: promptSchema.optional(),
    timeoutPrompt: promptSchema.optional(),
    /** A key that plays the menu again without using an attempt. */
    repeatKey: keySchema.optional(),
    bargeIn: z.boolean().default(true),
    /** Drop keys typed ahead before the menu, so the caller must listen to it. */
    clearBuffer: z.boolean().default(false),
    /** Variable that receives the option key chosen. */
    variable: variableNameSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();

    config.options.forEach((option, index) => {
      if (seen.has(option.key)) ctx.addIssue({ code: "custom", path: ["options", index, "key"], message: `key "${option.key}" is used twice; give each option its own key` });
      seen.add(option.key);
      if (config.repeatKey !== undefined && option.key.startsWith(config.repeatKey)) {
        ctx.addIssue({ code: "custom", path: ["options", index, "key"], message: `key "${option.key}" starts with the repeat key "${config.repeatKey}"; change one of them` });
      }
    });
  });

export type IvrMenuConfig = z.infer<typeof ivrMenuConfigSchema>;

/** The menu as `run` uses it. */
export interface PreparedIvrMenu extends Omit<IvrMenuConfig, "prompt" | "invalidPrompt" | "timeoutPrompt"> {
  prompt: PreparedPrompt;
  invalidPrompt?: PreparedPrompt;
  timeoutPrompt?: PreparedPrompt;
  /** Option port by key. */
  ports: ReadonlyMap<string, string>;
  /** Option keys, listed once here so a run does not build the list. */
  keys: readonly string[];
}

function optionPorts(config: IvrMenuConfig): string[] {
  return [...new Set(config.options.map((o) => o.port))];
}

/** Plays a menu and leaves by the port of the option keyed. */
export const ivrMenuSpec = defineSpec({
  type: "ivr.menu",
  version: 1,
  category: "ivr",
  kinds: CALL_KINDS,
  title: { en: "Menu", "zh-Hans": "按键菜单", "zh-Hant": "按鍵選單" },
  description: {
    en: "Plays a prompt and routes by the keys pressed. Options may have several keys, so a caller who knows the path can key it at once. After the maximum attempts it leaves by timeout or invalid.",
    "zh-Hans": "播放提示音并按来电者的按键分流。选项可由多个按键组成，熟悉路径的来电者可一次按完。达到最大尝试次数后，从 timeout 或 invalid 离开。",
    "zh-Hant": "播放提示音並依來電者的按鍵分流。選項可由多個按鍵組成，熟悉路徑的來電者可一次按完。達到最大嘗試次數後，從 timeout 或 invalid 離開。",
  },
  configSchema: ivrMenuConfigSchema,
  ports: (config) => [...optionPorts(config), "timeout", "invalid"],
  requiredPorts: (config) => optionPorts(config),
  portTitles: {
    timeout: { en: "No key", "zh-Hans": "未按键", "zh-Hant": "未按鍵" },
    invalid: { en: "Invalid key", "zh-Hans": "按键无效", "zh-Hant": "按鍵無效" },
  },
  waits: "caller",
  iterationBound: (config) => config.maxAttempts,
  capabilities: ["telephony"],
  prepare(config, tools): PreparedIvrMenu {
    if (config.variable !== undefined) tools.writes(config.variable);
    return {
      ...config,
      prompt: tools.prompt(config.prompt, "/prompt"),
      invalidPrompt: config.invalidPrompt && tools.prompt(config.invalidPrompt, "/invalidPrompt"),
      timeoutPrompt: config.timeoutPrompt && tools.prompt(config.timeoutPrompt, "/timeoutPrompt"),
      ports: new Map(config.options.map((o) => [o.key, o.port])),
      keys: config.options.map((o) => o.key),
    };
  },
});
