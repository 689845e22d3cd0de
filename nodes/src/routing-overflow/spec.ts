import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { NEXT_PORT_TITLE, overflowTargetSchema } from "../routing-shared/schemas.js";

export const routingOverflowConfigSchema = z.object({
  /** Another queue, an IVR flow by name, or voicemail. */
  target: overflowTargetSchema,
});

/** Sends the call on to another queue, an IVR flow or voicemail. */
export const routingOverflowSpec = defineSpec({
  type: "routing.overflow",
  version: 1,
  category: "routing",
  kinds: ["routing"],
  title: { en: "Overflow", "zh-Hans": "溢出转移", "zh-Hant": "溢出轉移" },
  description: {
    en: "Sends the call on instead of queueing it here: to another queue (which becomes acdQueue), an IVR flow or voicemail (variable acdOverflowTarget). Use it after Check queue's Busy port.",
    "zh-Hans": "不在此排队而把来电转往别处：另一个队列（成为 acdQueue）、IVR 流程或语音信箱（变量 acdOverflowTarget）。可接在「检查队列」的「繁忙」端口之后。",
    "zh-Hant": "不在此排隊而把來電轉往別處：另一個佇列（成為 acdQueue）、IVR 流程或語音信箱（變數 acdOverflowTarget）。可接在「檢查佇列」的「忙碌」埠之後。",
  },
  configSchema: routingOverflowConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: NEXT_PORT_TITLE },
  capabilities: [],
  prepare(config, tools) {
    tools.writes(ROUTING_VARIABLES.overflowTarget);
    if (config.target.type === "queue") tools.writes(ROUTING_VARIABLES.queue);
    return config;
  },
});
