import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { NEXT_PORT_TITLE, strategyChainSchema } from "../routing-shared/schemas.js";

export const routingStrategyConfigSchema = z.object({
  /** Strategies in order: the first ranks the agents, the next breaks ties, and so on. */
  strategies: strategyChainSchema,
});

/** Sets the strategy chain that picks the call's agent. */
export const routingStrategySpec = defineSpec({
  type: "routing.strategy",
  version: 1,
  category: "routing",
  kinds: ["routing"],
  title: { en: "Apply strategies", "zh-Hans": "应用策略", "zh-Hant": "套用策略" },
  description: {
    en: "Sets the distribution strategies for this call, in order, in place of the queue's: longest-idle, skill-level, last-agent, customer-agent, percentage, geographic and others. The first ranks the agents and each next one breaks ties (variable acdStrategies).",
    "zh-Hans": "为此来电按顺序设置分配策略，代替队列的策略：最久空闲、技能等级、上次坐席、专属坐席、百分比、地域等。第一项为坐席排序，其后各项依次决定同分者（变量 acdStrategies）。",
    "zh-Hant": "為此來電依序設定分配策略，代替佇列的策略：最久閒置、技能等級、上次專員、專屬專員、百分比、地域等。第一項為專員排序，其後各項依序決定同分者（變數 acdStrategies）。",
  },
  configSchema: routingStrategyConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: NEXT_PORT_TITLE },
  capabilities: [],
  prepare(config, tools) {
    tools.writes(ROUTING_VARIABLES.strategies);
    return config;
  },
});
