import { defineSpec, type CompiledExpression, type Plan } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { expressionSchema, variableNameSchema } from "../shared/schemas.js";

export const flowSubflowConfigSchema = z.object({
  /** Name of the flow to run, from the tenant's flows. */
  flow: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "a flow name such as verify-account"),
  /** Subflow variables set before it starts, from expressions over this flow's variables. */
  inputs: z.array(z.object({ variable: variableNameSchema, value: expressionSchema })).default([]),
  /** This flow's variables set from the subflow's variables when it ends. */
  outputs: z.array(z.object({ variable: variableNameSchema, from: variableNameSchema })).default([]),
});

/** The config with the subflow compiled and input expressions parsed. */
export interface PreparedSubflow {
  plan: Plan | undefined;
  inputs: Array<{ variable: string; value: CompiledExpression }>;
  outputs: Array<{ variable: string; from: string }>;
}

/** Runs another flow within this call, with input and output variable mapping. */
export const flowSubflowSpec = defineSpec({
  type: "flow.subflow",
  version: 1,
  category: "flow",
  kinds: ALL_KINDS,
  title: { en: "Subflow", "zh-Hans": "子流程", "zh-Hant": "子流程" },
  description: {
    en: "Runs another flow by name within this call, passing input variables in and copying output variables back when it ends.",
    "zh-Hans": "在本通电话中按名称执行另一个流程：传入输入变量，结束后把输出变量复制回来。",
    "zh-Hant": "在本通電話中依名稱執行另一個流程：傳入輸入變數，結束後把輸出變數複製回來。",
  },
  configSchema: flowSubflowConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Returned", "zh-Hans": "已返回", "zh-Hant": "已返回" } },
  capabilities: [],
  prepare(config, tools): PreparedSubflow {
    for (const output of config.outputs) tools.writes(output.variable);
    return {
      plan: tools.subflow(config.flow, "/flow"),
      inputs: config.inputs.map((input, index) => ({ variable: input.variable, value: tools.expression(input.value, `/inputs/${index}/value`) })),
      outputs: config.outputs,
    };
  },
});
