import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";

export const callSendDtmfConfigSchema = z.object({
  /** Keys to send, with `{{ }}` placeholders; `0-9 * # A-D`, and `,` for a half-second pause. */
  keys: z.string().min(1).max(100),
});

/** Sends DTMF keys on the call. */
export const callSendDtmfSpec = defineSpec({
  type: "call.sendDtmf",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Send DTMF", "zh-Hans": "发送按键音", "zh-Hant": "送出按鍵音" },
  description: {
    en: "Sends DTMF keys on the call, for example to drive another IVR after a transfer.",
    "zh-Hans": "在通话中发送按键音，例如在转接后操作对方的语音系统。",
    "zh-Hant": "在通話中送出按鍵音，例如在轉接後操作對方的語音系統。",
  },
  configSchema: callSendDtmfConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  capabilities: ["telephony"],
  prepare(config, tools): { keys: CompiledTemplate } {
    return { keys: tools.template(config.keys, "/keys") };
  },
});
