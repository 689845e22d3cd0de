import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { variableNameSchema } from "../shared/schemas.js";

const variableListSchema = z
  .array(variableNameSchema)
  .max(64, "at most 64 variables")
  .refine((names) => new Set(names).size === names.length, { message: "list each variable once" })
  .default([]);

export const logicScriptConfigSchema = z.object({
  /**
   * JavaScript: the body of an async function. It reads `inputs.<name>`, may `await`, logs with
   * `console.log`, and returns an object whose keys set output variables:
   * `const total = inputs.amount * 1.05;\nreturn { total };`
   */
  code: z.string().min(1, "write the script's code").max(65_536, "at most 65,536 characters; keep data in variables, not in the code"),
  /** Variables the script reads, as `inputs.<name>`. It gets a JSON copy of their values. */
  inputs: variableListSchema,
  /** Variables the script may set: the keys it may return. A key outside this list fails the node. */
  outputs: variableListSchema,
  /** Wall-clock deadline of one run in milliseconds, from 10 ms to 10 s. Default 1,000. */
  timeoutMs: z.number().int().min(10).max(10_000).default(1_000),
});

export type LogicScriptConfig = z.infer<typeof logicScriptConfigSchema>;

/** Runs tenant JavaScript in the runtime's isolated script sandbox. */
export const logicScriptSpec = defineSpec({
  type: "logic.script",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: { en: "Script", "zh-Hans": "脚本", "zh-Hant": "腳本" },
  description: {
    en:
      "Runs JavaScript in an isolated sandbox. The script reads the listed input variables as inputs.name, may use await, " +
      "and returns an object whose keys set the listed output variables, such as return { total: inputs.amount * 1.05 }. " +
      "It leaves by error when the script throws or goes over its time or memory limit. " +
      "Later scripts of the same call may read the global variables that a script sets, but no other call can. Pass values between nodes in output variables.",
    "zh-Hans":
      "在隔离的沙箱中运行 JavaScript。脚本以 inputs.名称 读取所列的输入变量，可以使用 await，" +
      "并返回一个对象，以其键设置所列的输出变量，例如 return { total: inputs.amount * 1.05 }。" +
      "脚本抛出错误或超出时间、内存限制时，从 error 离开。" +
      "脚本设置的全局变量可能被同一通话中之后的脚本读到，但绝不会被其他通话读到；节点之间请用输出变量传递值。",
    "zh-Hant":
      "在隔離的沙箱中執行 JavaScript。腳本以 inputs.名稱 讀取所列的輸入變數，可以使用 await，" +
      "並傳回一個物件，以其鍵設定所列的輸出變數，例如 return { total: inputs.amount * 1.05 }。" +
      "腳本擲出錯誤或超出時間、記憶體限制時，從 error 離開。" +
      "腳本設定的全域變數可能被同一通話中之後的腳本讀到，但絕不會被其他通話讀到；節點之間請以輸出變數傳遞值。",
  },
  configSchema: logicScriptConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" } },
  capabilities: ["script"],
  prepare(config, tools): LogicScriptConfig {
    config.inputs.forEach((name) => tools.reads(name));
    config.outputs.forEach((name) => tools.writes(name));
    return config;
  },
});
