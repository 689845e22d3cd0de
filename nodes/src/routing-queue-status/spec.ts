import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { acdIdSchema } from "../routing-shared/schemas.js";

export const routingQueueStatusConfigSchema = z.object({
  /** Queue to check; default the one in acdQueue. */
  queue: acdIdSchema.optional(),
  /** Leave by `busy` when more calls than this wait. */
  maxWaiting: z.number().int().min(0).optional(),
  /** Leave by `busy` when the estimated wait is longer than this, in milliseconds. */
  maxEstimatedWaitMs: z.number().int().min(0).optional(),
  /** Leave by `busy` when fewer agents than this are ready. */
  minAgentsReady: z.number().int().min(0).optional(),
});

export type RoutingQueueStatusConfig = z.output<typeof routingQueueStatusConfigSchema>;

/** Reads a queue's state and compares it with limits. */
export const routingQueueStatusSpec = defineSpec({
  type: "routing.queueStatus",
  version: 1,
  category: "routing",
  kinds: ["routing", "ivr"],
  title: { en: "Check queue", "zh-Hans": "检查队列", "zh-Hant": "檢查佇列" },
  description: {
    en: "Reads a queue's waiting calls, longest and estimated wait and ready agents into the variable queueStatus, and leaves by Busy when a limit you set is crossed (more waiting calls, a longer estimated wait or fewer ready agents).",
    "zh-Hans": "把队列的等待来电数、最长与预计等待时间及就绪坐席数读入变量 queueStatus；超出所设限制（等待来电更多、预计等待更长或就绪坐席更少）时从「繁忙」离开。",
    "zh-Hant": "把佇列的等待來電數、最長與預估等待時間及就緒專員數讀入變數 queueStatus；超出所設限制（等待來電更多、預估等待更長或就緒專員更少）時從「忙碌」離開。",
  },
  configSchema: routingQueueStatusConfigSchema,
  ports: ["next", "busy"],
  requiredPorts: ["next"],
  portTitles: {
    next: { en: "Within limits", "zh-Hans": "在限制内", "zh-Hant": "在限制內" },
    busy: { en: "Busy", "zh-Hans": "繁忙", "zh-Hant": "忙碌" },
  },
  capabilities: [],
  prepare(config, tools) {
    if (config.queue === undefined) tools.reads(ROUTING_VARIABLES.queue);
    tools.writes(ROUTING_VARIABLES.queueStatus);
    return config;
  },
});
