import { defineNode, pendingWork, VirtualClock, type NodeContext } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { assignOutputs } from "../integration-http/outputs.js";
import { dataQuerySpec, type PreparedDataQuery } from "./spec.js";
import { SQL_SERVICE, type SqlRequest, type SqlResult, type SqlService, type SqlValue } from "./sql-service.js";

/** A parameter expression returned a value that no SQL driver binds, such as an object. */
export class SqlParameterError extends Error {
  readonly code = "sql-parameter";

  constructor(name: string, value: unknown) {
    super(`parameter "${name}" is ${Array.isArray(value) ? "an array" : `of type ${typeof value}`}; bind a string, number, boolean or null, such as $string(${name})`);
    this.name = "SqlParameterError";
  }
}

export const dataQueryNode = defineNode(dataQuerySpec, async (ctx, config) => {
  const sql = ctx.services?.get(SQL_SERVICE);

  if (sql === undefined) throw new ServiceUnavailableError(ctx.node.type, "database");
  const request = await buildRequest(ctx, config);
  const result = await runOutsideVirtualTime(sql, request, ctx);
  const row = result.rows[0];

  await assignOutputs(ctx, config.outputs, "result", { rows: result.rows, row, truncated: result.truncated, affectedRows: result.affectedRows, out: result.out });
  return isEmpty(result) ? "empty" : "ok";
});

async function buildRequest(ctx: NodeContext, config: PreparedDataQuery): Promise<SqlRequest> {
  const values: Record<string, SqlValue> = {};

  for (const parameter of config.parameters) values[parameter.name] = toSqlValue(parameter.name, await ctx.evaluate(parameter.value));
  const limits = { connector: config.connector, maxRows: config.maxRows, timeoutMs: config.timeoutMs };

  if (config.procedure === undefined) return { mode: "statement", sql: config.sql!, parameters: values, ...limits };
  return {
    mode: "procedure",
    procedure: config.procedure.name,
    arguments: config.procedure.arguments.map((argument) => (argument.direction === "out" ? argument : { ...argument, value: values[argument.name] })),
    ...limits,
  };
}

// The database works in real time. On a virtual clock (simulated and test calls), pendingWork
// holds the clock until the query settles, so scripted caller keys cannot arrive while it runs.
// A call on the real clock does not count, because the waiting loop of pendingWork takes CPU.
async function runOutsideVirtualTime(sql: SqlService, request: SqlRequest, ctx: NodeContext): Promise<SqlResult> {
  if (!(ctx.clock instanceof VirtualClock)) return sql.query(request, { signal: ctx.signal, log: ctx.log });
  pendingWork.count++;
  try {
    return await sql.query(request, { signal: ctx.signal, log: ctx.log });
  } finally {
    pendingWork.count--;
  }
}

// Nothing found: no row returned, none changed, and every out argument null.
function isEmpty(result: SqlResult): boolean {
  const outValues = Object.values(result.out);

  return result.rows.length === 0 && result.affectedRows === 0 && outValues.every((value) => value === null || value === undefined);
}

function toSqlValue(name: string, value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new SqlParameterError(name, value);
}
