import { defineSpec, type CompiledExpression, type PreparedPrompt, type PromptConfig } from "@callflow/sdk";
import { z } from "zod";

import { expressionSchema, keySchema, promptSchema, variableNameSchema } from "../shared/schemas.js";
import { ROUTING_VARIABLES } from "../routing-shared/acd-service.js";
import { acdIdSchema, strategyChainSchema } from "../routing-shared/schemas.js";

export const routingQueueConfigSchema = z
  .object({
    /** Queue to wait in; default the routing flow's choice in acdQueue. */
    queue: acdIdSchema.optional(),
    /** Skill the call needs; default acdSkill, else the queue's. */
    skill: acdIdSchema.optional(),
    /** Expression for the customer priority (0 to 1000); default acdPriority, else the queue's VIP table. */
    priority: expressionSchema.optional(),
    /** Strategies for this call; default acdStrategies, else the queue's. */
    strategies: strategyChainSchema.optional(),
    /** Variables sent to the agent with the offer: the data packet. */
    data: z.array(variableNameSchema).max(50).default([]),
    /** Prompt played in a loop while the caller waits. */
    musicOnHold: promptSchema.optional(),
    /** Prompt with the caller's position and wait, such as "You are number {{queuePosition}}"; it may use queuePosition and queueWaitMinutes. */
    announcement: promptSchema.optional(),
    /** Seconds between announcements. Default 30. */
    announceEverySeconds: z.number().int().min(10).max(600).default(30),
    /** Key that leaves the queue to leave a callback number. */
    callbackKey: keySchema.optional(),
    /** Key that leaves the queue for voicemail. */
    voicemailKey: keySchema.optional(),
    /** Key that leaves the queue by the Abandoned port. */
    leaveKey: keySchema.optional(),
    /** Most digits of a callback number; `#` ends it sooner. Default 15. */
    callbackMaxDigits: z.number().int().min(3).max(20).default(15),
    /**
     * Dial string of an external number that the agent transfers the call to; `{number}` is
     * replaced by the number. Default `Local/{number}@outbound`, the dialplan context that
     * reaches the carrier.
     */
    externalDialString: z
      .string()
      .regex(/^[A-Za-z]+\/[^\s]*\{number\}[^\s]*$/, "a dial string such as PJSIP/{number}@carrier, with {number} where the number goes")
      .default("Local/{number}@outbound"),
    /** Seconds an external number rings before the transfer gives up. Default 30. */
    externalRingSeconds: z.number().int().min(5).max(120).default(30),
  })
  .superRefine((config, ctx) => {
    const keys = [config.callbackKey, config.voicemailKey, config.leaveKey].filter((key) => key !== undefined);

    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", path: ["callbackKey"], message: "callbackKey, voicemailKey and leaveKey must be different keys" });
  });

export type RoutingQueueConfig = z.output<typeof routingQueueConfigSchema>;

/** The config as `run` uses it. */
export interface PreparedRoutingQueue extends Omit<RoutingQueueConfig, "priority" | "musicOnHold" | "announcement"> {
  priority?: CompiledExpression;
  musicOnHold?: PreparedPrompt;
  announcement?: PreparedPrompt;
}

/** Variables that the node sets for its announcement and its ports. */
export const QUEUE_NODE_VARIABLES = {
  position: "queuePosition",
  waitMinutes: "queueWaitMinutes",
  agent: "acdAgent",
  callbackNumber: "callbackNumber",
} as const;

function portsOf(config: RoutingQueueConfig): string[] {
  const ports = ["answered", "overflow", "abandoned"];

  if (config.callbackKey !== undefined) ports.push("callback");
  if (config.voicemailKey !== undefined) ports.push("voicemail");
  return ports;
}

/** Hands the call to the ACD and keeps the caller company until an agent answers. */
export const routingQueueSpec = defineSpec({
  type: "routing.queue",
  version: 1,
  category: "routing",
  kinds: ["ivr"],
  title: { en: "Queue call", "zh-Hans": "来电排队", "zh-Hant": "來電排隊" },
  description: {
    en: "Hands the call to the ACD with the data the IVR collected (shown to the agent) and keeps the caller company: music on hold, and every N seconds the caller's position and estimated wait. Optional keys let the caller leave a callback number, leave a voicemail or leave the queue. Leaves by Answered once an agent takes the call (acdAgent), by Overflow when the queue's rules send it on (acdOverflowTarget). From the agent console the agent can hold the call and transfer it to another agent, a queue, an external number (dialed with the external dial string) or a published IVR flow, which runs with the data packet as its inputs before the node leaves by Answered. Where the runtime cannot run flows by name, a transfer to a flow leaves by Overflow with acdOverflowTarget naming the flow.",
    "zh-Hans": "把来电连同 IVR 收集的数据（显示给坐席）交给 ACD，并在等待时陪伴来电者：播放等待音乐，每 N 秒播报排队位置和预计等待时间。可设按键让来电者留下回拨号码、留言或离开队列。坐席接听后从「已接听」离开（acdAgent），队列规则转移来电时从「溢出」离开（acdOverflowTarget）。坐席可在坐席控制台保持来电，或将其转接给其他坐席、队列、外部号码（以外部拨号字符串拨出）或已发布的 IVR 流程；该流程以数据包为输入运行，之后本节点从「已接听」离开。若运行环境无法按名称运行流程，转接到流程时从「溢出」离开，acdOverflowTarget 指明该流程。",
    "zh-Hant": "把來電連同 IVR 收集的資料（顯示給專員）交給 ACD，並在等候時陪伴來電者：播放等候音樂，每 N 秒播報排隊位置和預估等候時間。可設按鍵讓來電者留下回撥號碼、留言或離開佇列。專員接聽後從「已接聽」離開（acdAgent），佇列規則轉移來電時從「溢出」離開（acdOverflowTarget）。專員可在專員主控台保留來電，或將其轉接給其他專員、佇列、外部號碼（以外部撥號字串撥出）或已發佈的 IVR 流程；該流程以資料包為輸入執行，之後本節點從「已接聽」離開。若執行環境無法依名稱執行流程，轉接到流程時從「溢出」離開，acdOverflowTarget 指明該流程。",
  },
  configSchema: routingQueueConfigSchema,
  ports: portsOf,
  requiredPorts: ["answered"],
  portTitles: {
    answered: { en: "Answered", "zh-Hans": "已接听", "zh-Hant": "已接聽" },
    overflow: { en: "Overflow", "zh-Hans": "溢出", "zh-Hant": "溢出" },
    abandoned: { en: "Abandoned", "zh-Hans": "已放弃", "zh-Hant": "已放棄" },
    callback: { en: "Callback", "zh-Hans": "回拨", "zh-Hant": "回撥" },
    voicemail: { en: "Voicemail", "zh-Hans": "语音留言", "zh-Hant": "語音留言" },
  },
  waits: "caller",
  capabilities: ["telephony"],
  prepare(config, tools): PreparedRoutingQueue {
    const prompt = (source: PromptConfig | undefined, pointer: string) => (source === undefined ? undefined : tools.prompt(source, pointer));

    for (const name of config.data) tools.reads(name);
    for (const name of Object.values(QUEUE_NODE_VARIABLES)) tools.writes(name);
    tools.writes(ROUTING_VARIABLES.overflowTarget);
    return {
      ...config,
      priority: config.priority === undefined ? undefined : tools.expression(config.priority, "/priority"),
      musicOnHold: prompt(config.musicOnHold, "/musicOnHold"),
      announcement: prompt(config.announcement, "/announcement"),
    };
  },
});
