import { defineSpec, type CompiledExpression, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { expressionSchema } from "../shared/schemas.js";

export const callTransferConfigSchema = z.object({
  /** Endpoint to dial, with `{{ }}` placeholders: `PJSIP/{{agentExtension}}`, `PJSIP/{{number}}@carrier`. */
  endpoint: z.string().min(3).max(200).regex(/^[^/\s]+\/\S+$/, "an endpoint such as PJSIP/1001 or PJSIP/0223456789@carrier"),
  /** Caller id shown to the called party; default: the tenant's outbound caller id. */
  callerId: z.string().max(80).optional(),
  /** Seconds to ring before `noAnswer`. Default 30. */
  timeoutSeconds: z.number().int().min(5).max(300).default(30),
  /** Channel variables for the outbound leg: the data packet the far side receives. */
  variables: z
    .array(z.object({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,79}$/, "a channel variable name such as X_ACCOUNT"), value: expressionSchema }))
    .default([]),
});

/** The config as `run` uses it. */
export interface PreparedCallTransfer {
  endpoint: CompiledTemplate;
  callerId?: CompiledTemplate;
  timeoutSeconds: number;
  variables: Array<{ name: string; value: CompiledExpression }>;
}

/** Dials a number or endpoint and bridges the caller with it. */
export const callTransferSpec = defineSpec({
  type: "call.transfer",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Transfer", "zh-Hans": "转接", "zh-Hant": "轉接" },
  description: {
    en: "Dials an external number or endpoint with the tenant's caller id and bridges the caller on answer. Leaves by answered when the far side hangs up with the caller still on the line, or by noAnswer, busy or failed.",
    "zh-Hans": "以租户的主叫号码拨打外部号码或端点，接通后与来电者桥接。对方挂机而来电者仍在线时从 answered 离开；否则从 noAnswer、busy 或 failed 离开。",
    "zh-Hant": "以租戶的發話號碼撥打外部號碼或端點，接通後與來電者橋接。對方掛斷而來電者仍在線時從 answered 離開；否則從 noAnswer、busy 或 failed 離開。",
  },
  configSchema: callTransferConfigSchema,
  ports: ["answered", "noAnswer", "busy", "failed"],
  portTitles: {
    answered: { en: "Answered", "zh-Hans": "已接通", "zh-Hant": "已接通" },
    noAnswer: { en: "No answer", "zh-Hans": "无人接听", "zh-Hant": "無人接聽" },
    busy: { en: "Busy", "zh-Hans": "忙线", "zh-Hant": "忙線" },
    failed: { en: "Failed", "zh-Hans": "失败", "zh-Hant": "失敗" },
  },
  waits: "time",
  capabilities: ["telephony"],
  prepare(config, tools): PreparedCallTransfer {
    return {
      endpoint: tools.template(config.endpoint, "/endpoint"),
      callerId: config.callerId === undefined ? undefined : tools.template(config.callerId, "/callerId"),
      timeoutSeconds: config.timeoutSeconds,
      variables: config.variables.map((v, index) => ({ name: v.name, value: tools.expression(v.value, `/variables/${index}/value`) })),
    };
  },
});
