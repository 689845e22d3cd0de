import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";

export const utilLogConfigSchema = z.object({
  level: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Message with `{{ expression }}` placeholders. Sensitive variables appear redacted. */
  message: z.string().min(1).max(2000),
});

/** Writes a line to the call's log and trace. */
export const utilLogSpec = defineSpec({
  type: "util.log",
  version: 1,
  category: "util",
  kinds: ALL_KINDS,
  title: { en: "Log", "zh-Hans": "记录日志", "zh-Hant": "記錄日誌" },
  description: {
    en: "Writes a message to the call's log and trace, with {{ expression }} placeholders. Sensitive variables are written as [redacted].",
    "zh-Hans": "把消息写入通话日志和轨迹，可使用 {{ expression }} 占位符。敏感变量会写成 [redacted]。",
    "zh-Hant": "把訊息寫入通話日誌和軌跡，可使用 {{ expression }} 預留位置。敏感變數會寫成 [redacted]。",
  },
  configSchema: utilLogConfigSchema,
  ports: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: [],
  prepare(config, tools): { level: "debug" | "info" | "warn" | "error"; message: CompiledTemplate } {
    return { level: config.level, message: tools.template(config.message, "/message") };
  },
});
