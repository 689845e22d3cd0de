import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";

/** Answers the call, so media flows and billing starts. */
export const callAnswerSpec = defineSpec({
  type: "call.answer",
  version: 1,
  category: "call",
  kinds: CALL_KINDS,
  title: { en: "Answer", "zh-Hans": "应答", "zh-Hant": "接聽" },
  description: {
    en: "Answers the call. Prompts before this node play as early media where the network allows it.",
    "zh-Hans": "接听来电。在此节点之前的提示音会在网络允许时作为早期媒体播放。",
    "zh-Hant": "接聽來電。在此節點之前的提示音會在網路允許時作為早期媒體播放。",
  },
  configSchema: z.object({}),
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: ["telephony"],
});
