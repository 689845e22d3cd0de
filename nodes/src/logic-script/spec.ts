import { defineSpec } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { connectorNameSchema, variableNameSchema } from "../shared/schemas.js";

const variableListSchema = z
  .array(variableNameSchema)
  .max(64, "at most 64 variables")
  .refine((names) => new Set(names).size === names.length, { message: "list each variable once" })
  .default([]);

// Text that the runtime's sandbox rejects before it runs a script (see docs/scripts.md), even
// inside strings and comments, and how to write it instead.
const REJECTED_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/(^|[^.]|\.\.\.)\bimport\s*\(/, '"import(" cannot appear in a script, even in a string or comment; scripts cannot load modules, so remove it or write "import" + "("'],
  [/<!--|-->/, '"<!--" and "-->" cannot appear in a script, even in a string or comment; write "<!" + "--" or "--" + ">"'],
];

// The async function constructor, which compiles a script's code as the sandbox wraps it.
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...parameters: string[]) => unknown;

/**
 * Returns why the sandbox will not run `code`, or undefined. The code is compiled as the body of
 * an async function and never called. Where code generation is not allowed (a page whose
 * content security policy forbids it), only the text rules are checked.
 */
export function scriptCodeProblem(code: string): string | undefined {
  for (const [pattern, message] of REJECTED_TEXT) {
    if (pattern.test(code)) return message;
  }
  try {
    new AsyncFunction("inputs", "console", "host", `"use strict";\n${code}`);
  } catch (error) {
    if (error instanceof SyntaxError) return `the code does not parse: ${error.message}; fix it in the script editor`;
  }
  return undefined;
}

export const logicScriptConfigSchema = z.object({
  /**
   * JavaScript: the body of an async function. It reads `inputs.<name>`, may `await`, logs with
   * `console.log`, and returns an object whose keys set output variables:
   * `const total = inputs.amount * 1.05;\nreturn { total };`
   */
  code: z
    .string()
    .min(1, "write the script's code")
    .max(65_536, "at most 65,536 characters; keep data in variables, not in the code")
    .superRefine((code, context) => {
      const problem = scriptCodeProblem(code);

      if (problem !== undefined) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
  /** Variables the script reads, as `inputs.<name>`. It gets a JSON copy of their values. */
  inputs: variableListSchema,
  /** Variables the script may set: the keys it may return. A key outside this list fails the node. */
  outputs: variableListSchema,
  /** Wall-clock deadline of one run in milliseconds, from 10 ms to 10 s. Default 1,000. */
  timeoutMs: z.number().int().min(10).max(10_000).default(1_000),
  /**
   * The tenant's `http` connectors that the script may call as `await host.http.get("customers/42")`.
   * Without any, the script has no `host.http`. Default none.
   */
  httpConnectors: z
    .array(connectorNameSchema)
    .max(8, "at most 8 connectors")
    .refine((names) => new Set(names).size === names.length, { message: "list each connector once" })
    .optional(),
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
      "Later scripts of the same call may read the global variables that a script sets, but no other call can. Pass values between nodes in output variables. " +
      "To call the tenant's HTTP systems, name their HTTP connectors under httpConnectors: the script then sends requests with await host.http.get(path), " +
      "host.http.post(path, body) or host.http.request({ method, path, query, headers, body }), to paths under the connector's base URL and with its credentials. " +
      "Each request counts against the deadline, and private and internal addresses are blocked unless the platform operator allows them. Without httpConnectors the script has no host.http.",
    "zh-Hans":
      "在隔离的沙箱中运行 JavaScript。脚本以 inputs.名称 读取所列的输入变量，可以使用 await，" +
      "并返回一个对象，以其键设置所列的输出变量，例如 return { total: inputs.amount * 1.05 }。" +
      "脚本抛出错误或超出时间、内存限制时，从 error 离开。" +
      "脚本设置的全局变量可能被同一通话中之后的脚本读到，但绝不会被其他通话读到；节点之间请用输出变量传递值。" +
      "要调用租户的 HTTP 系统，请在 httpConnectors 中列出其 HTTP 连接器：脚本即可用 await host.http.get(path)、" +
      "host.http.post(path, body) 或 host.http.request({ method, path, query, headers, body }) 向连接器基础 URL 下的路径发送请求，并使用连接器的凭据。" +
      "每个请求都计入截止时间；除非平台运营方允许，否则禁止访问私有和内部地址。未设置 httpConnectors 时，脚本没有 host.http。",
    "zh-Hant":
      "在隔離的沙箱中執行 JavaScript。腳本以 inputs.名稱 讀取所列的輸入變數，可以使用 await，" +
      "並傳回一個物件，以其鍵設定所列的輸出變數，例如 return { total: inputs.amount * 1.05 }。" +
      "腳本擲出錯誤或超出時間、記憶體限制時，從 error 離開。" +
      "腳本設定的全域變數可能被同一通話中之後的腳本讀到，但絕不會被其他通話讀到；節點之間請以輸出變數傳遞值。" +
      "要呼叫租戶的 HTTP 系統，請在 httpConnectors 中列出其 HTTP 連接器：腳本即可用 await host.http.get(path)、" +
      "host.http.post(path, body) 或 host.http.request({ method, path, query, headers, body }) 向連接器基礎 URL 下的路徑發送請求，並使用連接器的憑證。" +
      "每個請求都計入截止時間；除非平台營運方允許，否則禁止存取私有和內部位址。未設定 httpConnectors 時，腳本沒有 host.http。",
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
