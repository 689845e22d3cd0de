import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { acdIdSchema, NEXT_PORT_TITLE } from "../routing-shared/schemas.js";

export const routingSelectQueueConfigSchema = z.object({
  queue: acdIdSchema,
  /** Skill the call needs, in place of the queue's own. */
  skill: acdIdSchema.optional(),
});

export type RoutingSelectQueueConfig = z.output<typeof routingSelectQueueConfigSchema>;

/** Picks the queue of the call in a routing flow. */
export const routingSelectQueueSpec = defineSpec({
  type: "routing.selectQueue",
  version: 1,
  category: "routing",
  kinds: ["routing"],
  title: { en: "Select queue", "zh-Hans": "选择队列", "zh-Hant": "選擇佇列" },
  description: {
    en: "Picks the queue that the call waits in, and optionally a skill in place of the queue's own. The IVR's Queue call node uses the choice (variables acdQueue and acdSkill).",
    "zh-Hans": "选择来电排队的队列，并可指定代替队列本身技能的技能。IVR 的「来电排队」节点会使用此选择（变量 acdQueue 和 acdSkill）。",
    "zh-Hant": "選擇來電排隊的佇列，並可指定代替佇列本身技能的技能。IVR 的「來電排隊」節點會使用此選擇（變數 acdQueue 和 acdSkill）。",
  },
  configSchema: routingSelectQueueConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: NEXT_PORT_TITLE },
  capabilities: [],
  prepare(config, tools) {
    tools.writes(ROUTING_VARIABLES.queue);
    if (config.skill !== undefined) tools.writes(ROUTING_VARIABLES.skill);
    return config;
  },
});
