import { defineSpec, type CompiledExpression } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { expressionSchema, portNameSchema } from "../shared/schemas.js";

export const logicSwitchConfigSchema = z
  .object({
    /** Conditions tried in order; the first true one picks its port. */
    conditions: z
      .array(
        z.object({
          when: expressionSchema,
          port: portNameSchema.refine((p) => p !== "default", { message: '"default" is the port taken when no condition holds; choose another name' }),
        }),
      )
      .min(1, "add at least one condition"),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();

    config.conditions.forEach((condition, index) => {
      if (seen.has(condition.port)) ctx.addIssue({ code: "custom", path: ["conditions", index, "port"], message: `port "${condition.port}" is used by an earlier condition; give each condition its own port` });
      seen.add(condition.port);
    });
  });

/** Conditions with compiled expressions. */
export interface PreparedLogicSwitch {
  conditions: Array<{ when: CompiledExpression; port: string }>;
}

/** Routes by the first condition that holds. */
export const logicSwitchSpec = defineSpec({
  type: "logic.switch",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: { en: "Switch", "zh-Hans": "条件分支", "zh-Hant": "條件分支" },
  description: {
    en: "Tries JSONata conditions in order and leaves by the port of the first that holds, or by default when none does.",
    "zh-Hans": "按顺序判断 JSONata 条件，从第一个成立条件的端口离开；都不成立时从 default 离开。",
    "zh-Hant": "依序判斷 JSONata 條件，從第一個成立條件的連接埠離開；都不成立時從 default 離開。",
  },
  configSchema: logicSwitchConfigSchema,
  ports: (config) => [...config.conditions.map((c) => c.port), "default"],
  requiredPorts: (config) => config.conditions.map((c) => c.port),
  portTitles: { default: { en: "Otherwise", "zh-Hans": "其他情况", "zh-Hant": "其他情況" } },
  capabilities: [],
  prepare(config, tools): PreparedLogicSwitch {
    return {
      conditions: config.conditions.map((condition, index) => ({
        when: tools.expression(condition.when, `/conditions/${index}/when`),
        port: condition.port,
      })),
    };
  },
});
