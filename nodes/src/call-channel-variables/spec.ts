import { defineSpec, type CompiledExpression } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { expressionSchema, variableNameSchema } from "../shared/schemas.js";

const channelVariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,79}(\([^)]*\))?$/, "a channel variable such as X_ACCOUNT, or a function such as CALLERID(num)");

export const callChannelVariablesConfigSchema = z
  .object({
    /** Channel variables to set from expressions: the data packet for dialplan or agents. */
    set: z.array(z.object({ name: channelVariableName, value: expressionSchema })).default([]),
    /** Channel variables (or functions) to read into flow variables. */
    get: z.array(z.object({ name: channelVariableName, variable: variableNameSchema })).default([]),
  })
  .refine((c) => c.set.length + c.get.length > 0, { message: "set or get at least one channel variable" });

/** The config as `run` uses it. */
export interface PreparedChannelVariables {
  set: Array<{ name: string; value: CompiledExpression }>;
  get: Array<{ name: string; variable: string }>;
}

/** Sets and reads channel variables. */
export const callChannelVariablesSpec = defineSpec({
  type: "call.channelVariables",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Channel variables", "zh-Hans": "通道变量", "zh-Hant": "通道變數" },
  description: {
    en: "Sets channel variables from expressions (the data packet that dialplan or an agent receives) and reads channel variables or functions such as CALLERID(num) into flow variables.",
    "zh-Hans": "用表达式设置通道变量（拨号计划或坐席收到的随路数据），并把通道变量或 CALLERID(num) 等函数读入流程变量。",
    "zh-Hant": "用運算式設定通道變數（撥號計畫或客服人員收到的隨路資料），並把通道變數或 CALLERID(num) 等函式讀入流程變數。",
  },
  configSchema: callChannelVariablesConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  capabilities: ["telephony"],
  prepare(config, tools): PreparedChannelVariables {
    for (const entry of config.get) tools.writes(entry.variable);
    return {
      set: config.set.map((entry, index) => ({ name: entry.name, value: tools.expression(entry.value, `/set/${index}/value`) })),
      get: config.get,
    };
  },
});
