import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { portNameSchema } from "../shared/schemas.js";

export const logicSplitConfigSchema = z
  .object({
    /** Branches with the share of calls each gets, in percent; the shares add up to 100. */
    branches: z.array(z.object({ port: portNameSchema, percent: z.number().min(0).max(100) })).min(2, "a split needs at least two branches"),
  })
  .superRefine((config, ctx) => {
    const total = config.branches.reduce((sum, b) => sum + b.percent, 0);
    const ports = new Set<string>();

    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: "custom", path: ["branches"], message: `the percentages add up to ${total}; make them add up to 100` });
    config.branches.forEach((branch, index) => {
      if (ports.has(branch.port)) ctx.addIssue({ code: "custom", path: ["branches", index, "port"], message: `port "${branch.port}" is used twice; give each branch its own port` });
      ports.add(branch.port);
    });
  });

export type LogicSplitConfig = z.infer<typeof logicSplitConfigSchema>;

/** Splits calls between branches by percentage (A/B tests, load sharing). */
export const logicSplitSpec = defineSpec({
  type: "logic.split",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: { en: "Percentage split", "zh-Hans": "按比例分流", "zh-Hant": "按比例分流" },
  description: {
    en: "Sends each call down one branch at random, in the percentages given. The session's seed makes the choice repeatable in tests.",
    "zh-Hans": "按设定的比例随机把每通电话分到一个分支。测试时可用会话的随机种子重现结果。",
    "zh-Hant": "按設定的比例隨機把每通電話分到一個分支。測試時可用工作階段的隨機種子重現結果。",
  },
  configSchema: logicSplitConfigSchema,
  ports: (config) => config.branches.map((b) => b.port),
  requiredPorts: (config) => config.branches.filter((b) => b.percent > 0).map((b) => b.port),
  capabilities: [],
});
