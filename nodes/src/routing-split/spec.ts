import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { acdIdSchema, NEXT_PORT_TITLE } from "../routing-shared/schemas.js";

export const routingSplitConfigSchema = z
  .object({
    /** Queues with the share of calls each gets, in percent; the shares add up to 100. */
    shares: z.array(z.object({ queue: acdIdSchema, percent: z.number().min(0).max(100) })).min(2, "a split needs at least two queues"),
  })
  .superRefine((config, ctx) => {
    const total = config.shares.reduce((sum, share) => sum + share.percent, 0);
    const queues = new Set<string>();

    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: "custom", path: ["shares"], message: `the percentages add up to ${total}; make them add up to 100` });
    config.shares.forEach((share, index) => {
      if (queues.has(share.queue)) ctx.addIssue({ code: "custom", path: ["shares", index, "queue"], message: `queue "${share.queue}" is listed twice; list each queue once` });
      queues.add(share.queue);
    });
  });

export type RoutingSplitConfig = z.output<typeof routingSplitConfigSchema>;

/** Splits calls between queues by percentage. */
export const routingSplitSpec = defineSpec({
  type: "routing.split",
  version: 1,
  category: "routing",
  kinds: ["routing"],
  title: { en: "Split between queues", "zh-Hans": "按比例分配队列", "zh-Hant": "依比例分配佇列" },
  description: {
    en: "Sends each call to one of several queues at random, by percentage, such as 70% to an in-house queue and 30% to an outsourced one (variable acdQueue).",
    "zh-Hans": "按百分比随机把每通来电送往几个队列之一，例如 70% 送往自营队列、30% 送往外包队列（变量 acdQueue）。",
    "zh-Hant": "依百分比隨機把每通來電送往幾個佇列之一，例如 70% 送往自營佇列、30% 送往外包佇列（變數 acdQueue）。",
  },
  configSchema: routingSplitConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: NEXT_PORT_TITLE },
  capabilities: [],
  prepare(config, tools) {
    tools.writes(ROUTING_VARIABLES.queue);
    return config;
  },
});
