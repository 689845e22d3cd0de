import { defineSpec, type CompiledExpression } from "@callflow/sdk";
import { z } from "zod";

import { expressionSchema } from "../shared/schemas.js";
import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { NEXT_PORT_TITLE } from "../routing-shared/schemas.js";

export const routingSetPriorityConfigSchema = z.object({
  /** JSONata expression whose value is the customer priority, a whole number from 0 to 1000, such as `vip ? 50 : 0`. */
  priority: expressionSchema,
});

/** Highest customer priority the ACD accepts. */
export const MAX_CUSTOMER_PRIORITY = 1000;

/** Sets the customer priority of the call in a routing flow. */
export const routingSetPrioritySpec = defineSpec({
  type: "routing.setPriority",
  version: 1,
  category: "routing",
  kinds: ["routing"],
  title: { en: "Set priority", "zh-Hans": "设置优先级", "zh-Hant": "設定優先順序" },
  description: {
    en: "Sets the customer priority of the call from an expression, such as vip ? 50 : 0, a whole number from 0 to 1000. With the customer-priority strategy, higher priorities are served first (variable acdPriority).",
    "zh-Hans": "用表达式设置来电的客户优先级，例如 vip ? 50 : 0，取 0 到 1000 的整数。使用客户优先策略时，优先级高者先获服务（变量 acdPriority）。",
    "zh-Hant": "用運算式設定來電的客戶優先順序，例如 vip ? 50 : 0，取 0 到 1000 的整數。使用客戶優先策略時，優先順序高者先獲服務（變數 acdPriority）。",
  },
  configSchema: routingSetPriorityConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: NEXT_PORT_TITLE },
  capabilities: [],
  prepare(config, tools): { priority: CompiledExpression } {
    tools.writes(ROUTING_VARIABLES.priority);
    return { priority: tools.expression(config.priority, "/priority") };
  },
});
