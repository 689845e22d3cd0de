import { defineSpec, type CompiledExpression } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { expressionSchema, variableNameSchema } from "../shared/schemas.js";

export const logicSetConfigSchema = z.object({
  /** Assignments made in order, so a later one may read an earlier one's result. */
  assignments: z
    .array(z.object({ variable: variableNameSchema, value: expressionSchema }))
    .min(1, "add at least one assignment"),
});

/** Assignments with compiled expressions. */
export interface PreparedLogicSet {
  assignments: Array<{ variable: string; value: CompiledExpression }>;
}

/** Sets variables from expressions. */
export const logicSetSpec = defineSpec({
  type: "logic.set",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: { en: "Set variables", "zh-Hans": "设置变量", "zh-Hant": "設定變數" },
  description: {
    en: 'Sets variables from JSONata expressions, in order, such as amount * 1.05 or $length(accountNo). Text values need quotes: "VIP".',
    "zh-Hans": "依次用 JSONata 表达式设置变量，例如 amount * 1.05 或 $length(accountNo)。文字值需加引号：\"VIP\"。",
    "zh-Hant": "依序用 JSONata 運算式設定變數，例如 amount * 1.05 或 $length(accountNo)。文字值需加引號：\"VIP\"。",
  },
  configSchema: logicSetConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: [],
  prepare(config, tools): PreparedLogicSet {
    return {
      assignments: config.assignments.map((assignment, index) => {
        tools.writes(assignment.variable);
        return { variable: assignment.variable, value: tools.expression(assignment.value, `/assignments/${index}/value`) };
      }),
    };
  },
});
