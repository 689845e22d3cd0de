import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";

/** Ends the flow: a subflow returns to its caller, a main flow hangs up the call. */
export const flowEndSpec = defineSpec({
  type: "flow.end",
  version: 1,
  category: "flow",
  kinds: ALL_KINDS,
  title: { en: "End flow", "zh-Hans": "结束流程", "zh-Hant": "結束流程" },
  description: {
    en: "Ends this flow. In a subflow, the calling flow continues after its subflow node with the output variables; in a main flow, the call is hung up.",
    "zh-Hans": "结束本流程。在子流程中，调用它的流程会带着输出变量从子流程节点之后继续；在主流程中，通话会被挂断。",
    "zh-Hant": "結束本流程。在子流程中，呼叫它的流程會帶著輸出變數從子流程節點之後繼續；在主流程中，通話會被掛斷。",
  },
  configSchema: z.object({}),
  ports: [],
  terminal: true,
  capabilities: [],
});
