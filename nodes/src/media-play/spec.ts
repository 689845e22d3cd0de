import { defineSpec, type PreparedPrompt } from "@callflow/sdk";
import { z } from "zod";

import { CALL_KINDS } from "../shared/kinds.js";
import { promptSchema } from "../shared/schemas.js";

export const mediaPlayConfigSchema = z.object({
  prompt: promptSchema,
  /** A key stops the prompt and is kept for the next input node. */
  bargeIn: z.boolean().default(true),
});

/** Plays a recorded prompt or speaks text in the call's language. */
export const mediaPlaySpec = defineSpec({
  type: "media.play",
  version: 1,
  category: "media",
  kinds: CALL_KINDS,
  title: { en: "Play prompt", "zh-Hans": "播放提示音", "zh-Hant": "播放提示音" },
  description: {
    en: "Plays a recorded prompt or speaks text in the call's language. With barge-in, a key stops the prompt and counts as input for the next node.",
    "zh-Hans": "以来电的语言播放录音或朗读文字。启用插话时，按键会中断提示音，并作为下一个节点的输入。",
    "zh-Hant": "以來電的語言播放錄音或朗讀文字。啟用插話時，按鍵會中斷提示音，並作為下一個節點的輸入。",
  },
  configSchema: mediaPlayConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  // A prompt without barge-in always takes its length, so a loop through it does not spin. A
  // barge-in prompt is skipped when keys are buffered, so it cannot be counted on to wait.
  waits: (config) => (config.bargeIn ? "none" : "time"),
  capabilities: ["telephony", "speech"],
  prepare(config, tools): { prompt: PreparedPrompt; bargeIn: boolean } {
    return { prompt: tools.prompt(config.prompt, "/prompt"), bargeIn: config.bargeIn };
  },
});
