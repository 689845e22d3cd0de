import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { variableNameSchema } from "../shared/schemas.js";

export const callInboundConfigSchema = z.object({
  /**
   * Channel variables to copy into flow variables, such as the data a dialplan attached
   * (`X_ACCOUNT` → `accountNo`). Every channel variable is also in the `channel` object, as
   * `[redacted]` where it is mapped to a sensitive variable.
   */
  channelVariables: z
    .array(z.object({ name: z.string().min(1).max(80), variable: variableNameSchema }))
    .default([]),
});

export type CallInboundConfig = z.infer<typeof callInboundConfigSchema>;

/** The entry of an inbound call: caller, called number and channel variables become variables. */
export const callInboundSpec = defineSpec({
  type: "call.inbound",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Inbound call", "zh-Hans": "来电", "zh-Hant": "來電" },
  description: {
    en: "Start of an inbound call. Sets caller, called and channel, and copies chosen channel variables into flow variables.",
    "zh-Hans": "来电的起点。设置 caller、called 和 channel，并把选定的通道变量复制到流程变量。",
    "zh-Hant": "來電的起點。設定 caller、called 和 channel，並把選定的通道變數複製到流程變數。",
  },
  configSchema: callInboundConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: ["telephony"],
  prepare(config, tools) {
    tools.writes("channel");
    for (const mapping of config.channelVariables) tools.writes(mapping.variable);
    return config;
  },
});
