import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";

export const callHangupConfigSchema = z.object({
  /** Q.850 cause sent to the network: 16 normal clearing, 17 user busy, 21 call rejected. */
  cause: z.number().int().min(1).max(127).default(16),
});

/** Ends the call. The flow ends here. */
export const callHangupSpec = defineSpec({
  type: "call.hangup",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Hang up", "zh-Hans": "挂机", "zh-Hant": "掛斷" },
  description: {
    en: "Hangs up the call with a Q.850 cause (16, normal clearing, by default). The flow ends here; onHangup does not run.",
    "zh-Hans": "以 Q.850 原因码挂断来电（默认 16，正常清除）。流程在此结束，不会执行 onHangup。",
    "zh-Hant": "以 Q.850 原因碼掛斷來電（預設 16，正常清除）。流程在此結束，不會執行 onHangup。",
  },
  configSchema: callHangupConfigSchema,
  ports: [],
  terminal: true,
  capabilities: ["telephony"],
});
