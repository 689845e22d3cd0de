import { defineSpec, type CompiledExpression, type LocalizedText, type PrepareTools } from "@callflow/sdk";
import { z } from "zod";

import { outputsSchema, prepareOutputs, type PreparedOutput } from "../integration-http/outputs.js";
import { ALL_KINDS } from "../shared/kinds.js";
import { expressionSchema } from "../shared/schemas.js";
import { parseSqlParameters } from "./sql-parameters.js";
import type { SqlArgumentDirection, SqlArgumentType } from "./sql-service.js";

const connectorNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a connector name such as core-banking");

const parameterNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "1-64 letters, digits or _, not starting with a digit, as in :accountNo");

const argumentSchema = z.object({
  /** Parameter name: an `in` or `inout` argument takes its value from `parameters` under this name. */
  name: parameterNameSchema,
  /** Default `in`. */
  direction: z.enum(["in", "out", "inout"]).default("in"),
  /** Type of an `out` or `inout` value, which SQL Server and Oracle declare. Default `string`. */
  type: z.enum(["string", "number", "boolean"]).default("string"),
});

export const dataQueryConfigSchema = z
  .object({
    /** Name of the tenant's database connector, which contains the host, database and credentials. */
    connector: connectorNameSchema,
    /** `rows` (default): every row up to maxRows. `first`: the first row only. `procedure`: a stored procedure call. */
    mode: z.enum(["rows", "first", "procedure"]).default("rows"),
    /** SQL with `:name` placeholders, for `rows` and `first`: `select balance from accounts where account_no = :accountNo`. */
    sql: z.string().trim().min(1, "write the SQL statement").max(20_000).optional(),
    /** The stored procedure, for `procedure`: its name (`bank.get_balance`) and its arguments in order. */
    procedure: z
      .object({
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,127}(\.[A-Za-z_][A-Za-z0-9_$]{0,127}){0,2}$/, "a procedure name such as get_balance or bank.get_balance"),
        arguments: z.array(argumentSchema).max(64).default([]),
      })
      .optional(),
    /** Value of each parameter, by name, as a JSONata expression: `{ "accountNo": "accountNo" }`. */
    parameters: z
      .record(parameterNameSchema, expressionSchema, {
        error: (issue) => (issue.code === "invalid_key" ? "a parameter name has 1-64 letters, digits or _, not starting with a digit, as in :accountNo" : undefined),
      })
      .default({}),
    /** Limit of the query in milliseconds, from 100 ms to 60 s. Default 5,000. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Rows kept from the result, from 1 to 10,000; `result.truncated` is true when more came. Default 100. */
    maxRows: z.number().int().min(1).max(10_000).default(100),
    /** Variables set from the result, which expressions read as `result.rows`, `result.row`, `result.out` and `result.affectedRows`. */
    outputs: outputsSchema,
  })
  .superRefine((config, context) => {
    if (config.mode === "procedure") {
      if (config.procedure === undefined) context.addIssue({ code: "custom", path: ["procedure"], message: "procedure is missing; procedure mode needs the procedure's name and arguments" });
      if (config.sql !== undefined) context.addIssue({ code: "custom", path: ["sql"], message: "procedure mode calls procedure.name; remove sql or use mode rows" });
      return;
    }
    if (config.sql === undefined) context.addIssue({ code: "custom", path: ["sql"], message: `sql is missing; ${config.mode} mode needs the SQL statement` });
    if (config.procedure !== undefined) context.addIssue({ code: "custom", path: ["procedure"], message: "a procedure is called only in procedure mode; set mode to procedure or remove it" });
  });

export type DataQueryConfig = z.output<typeof dataQueryConfigSchema>;

/** A procedure argument as `run` binds it. */
export interface PreparedArgument {
  readonly name: string;
  readonly direction: SqlArgumentDirection;
  readonly type: SqlArgumentType;
}

/** The config as `run` uses it. */
export interface PreparedDataQuery {
  connector: string;
  mode: DataQueryConfig["mode"];
  sql?: string;
  procedure?: { name: string; arguments: PreparedArgument[] };
  parameters: Array<{ name: string; value: CompiledExpression }>;
  timeoutMs: number;
  maxRows: number;
  outputs: PreparedOutput[];
}

/**
 * How to write the node's SQL, shown beside its form.
 * NOTE: no NodeSpec field carries help yet, so the studio does not show this text.
 */
export const dataQueryHelp: LocalizedText = {
  en:
    "Write values as placeholders, never into the SQL text: where account_no = :accountNo, and give each placeholder an expression under parameters. " +
    "The runtime binds them as data for every driver. Outputs read result.row.column (first row), result.rows, result.out.name (procedure out arguments) and result.affectedRows. " +
    "The node leaves by empty when no row comes back, and by error on a timeout, bad SQL or a refused connection.",
  "zh-Hans":
    "值一律写成占位符，不要拼进 SQL 文本：where account_no = :accountNo，并在 parameters 中为每个占位符填写表达式。" +
    "运行时对所有驱动都以数据方式绑定。输出可读取 result.row.列名（第一行）、result.rows、result.out.名称（存储过程的输出参数）和 result.affectedRows。" +
    "没有返回任何行时从 empty 离开；超时、SQL 有误或连接被拒时从 error 离开。",
  "zh-Hant":
    "值一律寫成佔位符，不要拼進 SQL 文字：where account_no = :accountNo，並在 parameters 中為每個佔位符填寫運算式。" +
    "執行環境對所有驅動程式都以資料方式繫結。輸出可讀取 result.row.欄位名（第一列）、result.rows、result.out.名稱（預存程序的輸出參數）和 result.affectedRows。" +
    "沒有傳回任何列時從 empty 離開；逾時、SQL 有誤或連線遭拒時從 error 離開。",
};

/** Runs SQL or a stored procedure on a tenant's database connector and sets variables from the rows. */
export const dataQuerySpec = defineSpec({
  type: "data.query",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "Database query", "zh-Hans": "数据库查询", "zh-Hant": "資料庫查詢" },
  description: {
    en:
      "Runs SQL with :name parameters, or calls a stored procedure, on a database connector (PostgreSQL, MySQL or MariaDB, SQL Server, Oracle) " +
      "and sets variables from the rows. Values are always bound as parameters, never pasted into the SQL. Private and internal hosts are blocked unless the platform operator allows them.",
    "zh-Hans":
      "在数据库连接器（PostgreSQL、MySQL 或 MariaDB、SQL Server、Oracle）上执行带 :名称 参数的 SQL，或调用存储过程，并从结果行设置变量。" +
      "值一律以参数绑定，绝不拼接进 SQL。除非平台运营方允许，否则禁止访问私有和内部主机。",
    "zh-Hant":
      "在資料庫連接器（PostgreSQL、MySQL 或 MariaDB、SQL Server、Oracle）上執行帶 :名稱 參數的 SQL，或呼叫預存程序，並從結果列設定變數。" +
      "值一律以參數繫結，絕不拼接進 SQL。除非平台營運方允許，否則禁止存取私有和內部主機。",
  },
  configSchema: dataQueryConfigSchema,
  ports: ["ok", "empty"],
  requiredPorts: ["ok"],
  portTitles: {
    ok: { en: "Rows found", "zh-Hans": "查到资料", "zh-Hant": "查到資料" },
    empty: { en: "No rows", "zh-Hans": "无资料", "zh-Hant": "無資料" },
  },
  capabilities: ["database"],
  prepare(config, tools): PreparedDataQuery {
    const parameters = Object.entries(config.parameters).map(([name, source]) => ({ name, value: tools.expression(source, `/parameters/${name}`) }));

    if (config.sql !== undefined) checkPlaceholders(config.sql, config.parameters, tools);
    if (config.procedure !== undefined) checkArguments(config.procedure.arguments, config.parameters, tools);
    return {
      connector: config.connector,
      mode: config.mode,
      sql: config.sql,
      procedure: config.procedure,
      parameters,
      timeoutMs: config.timeoutMs,
      maxRows: config.mode === "first" ? 1 : config.maxRows,
      outputs: prepareOutputs(config.outputs, "result", tools, "/outputs"),
    };
  },
});

// Every placeholder needs a value, and a value no placeholder uses is most likely a typo.
function checkPlaceholders(sql: string, parameters: Record<string, string>, tools: PrepareTools): void {
  const used = new Set(parseSqlParameters(sql).names);

  for (const name of used) {
    if (!(name in parameters)) tools.problem("/parameters", `the SQL uses :${name}, which has no value; add "${name}" to parameters`);
  }
  for (const name of Object.keys(parameters)) {
    if (!used.has(name)) tools.problem(`/parameters/${name}`, `parameter "${name}" is not used in the SQL; write :${name} where its value goes, or remove it`);
  }
}

function checkArguments(args: ReadonlyArray<{ name: string; direction: SqlArgumentDirection }>, parameters: Record<string, string>, tools: PrepareTools): void {
  const names = new Set<string>();

  args.forEach((argument, index) => {
    const pointer = `/procedure/arguments/${index}`;

    if (names.has(argument.name)) tools.problem(`${pointer}/name`, `argument "${argument.name}" is listed twice; give each argument its own name`);
    names.add(argument.name);
    if (argument.direction !== "out" && !(argument.name in parameters)) {
      tools.problem(pointer, `${argument.direction} argument "${argument.name}" has no value; add "${argument.name}" to parameters`);
    }
    if (argument.direction === "out" && argument.name in parameters) {
      tools.problem(`/parameters/${argument.name}`, `"${argument.name}" is an out argument, which takes no value; make it inout or remove the parameter`);
    }
  });
  for (const name of Object.keys(parameters)) {
    if (!names.has(name)) tools.problem(`/parameters/${name}`, `parameter "${name}" is not an argument of the procedure; add it to procedure.arguments or remove it`);
  }
}
