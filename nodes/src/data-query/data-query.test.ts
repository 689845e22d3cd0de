import { compileFlow, defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { builtinSpecRegistry } from "../specs.js";
import { dataQueryNode, SqlParameterError } from "./run.js";
import { dataQueryConfigSchema, dataQueryHelp } from "./spec.js";
import { SQL_SERVICE, type SqlRequest, type SqlResult, type SqlService } from "./sql-service.js";

const HAN = /\p{Script=Han}/u;

/** Builds a SQL service that records requests and returns the given results in order. */
function recordingSql(...results: Array<Partial<SqlResult>>): SqlService & { requests: SqlRequest[] } {
  const requests: SqlRequest[] = [];

  return {
    requests,
    async query(request) {
      requests.push(request);
      return { rows: [], truncated: false, affectedRows: 0, out: {}, ...results[requests.length - 1] };
    },
  };
}

function withSql(sql: SqlService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === SQL_SERVICE.name ? (sql as never) : undefined) };

  return defineNode(dataQueryNode.spec, (ctx, config) => dataQueryNode.run({ ...ctx, services }, config));
}

const balanceQuery = {
  connector: "core-banking",
  mode: "first",
  sql: "select balance, currency from accounts where account_no = :accountNo",
  parameters: { accountNo: "accountNo" },
  outputs: [
    { variable: "balance", value: "result.row.balance" },
    { variable: "currency", value: "result.row.currency" },
  ],
};

describe("data.query", () => {
  test("binds parameter values apart from the SQL", async () => {
    const sql = recordingSql({ rows: [{ balance: 52300, currency: "TWD" }], affectedRows: 1 });

    await runNode(withSql(sql), balanceQuery, { variables: { accountNo: "1; DROP TABLE accounts" } });

    expect(sql.requests[0]).toEqual({
      mode: "statement",
      connector: "core-banking",
      sql: "select balance, currency from accounts where account_no = :accountNo",
      parameters: { accountNo: "1; DROP TABLE accounts" },
      maxRows: 1,
      timeoutMs: 5000,
    });
  });

  test("outputs read the first row", async () => {
    const result = await runNode(withSql(recordingSql({ rows: [{ balance: 52300, currency: "TWD" }], affectedRows: 1 })), balanceQuery, { variables: { accountNo: "1234567890" } });

    expect(result.port).toBe("ok");
    expect(result.variables.balance).toBe(52300);
    expect(result.variables.currency).toBe("TWD");
  });

  test("no rows leave by empty", async () => {
    const result = await runNode(withSql(recordingSql({})), balanceQuery, { variables: { accountNo: "0000000000" } });

    expect(result.port).toBe("empty");
    expect(result.variables.balance).toBeUndefined();
  });

  test("changed rows leave by ok", async () => {
    const config = { connector: "crm", sql: "update calls set note = :note", parameters: { note: "'x'" } };

    const result = await runNode(withSql(recordingSql({ affectedRows: 3 })), config);

    expect(result.port).toBe("ok");
  });

  test("outputs read every row", async () => {
    const config = { connector: "crm", sql: "select id from cards", outputs: [{ variable: "ids", value: "result.rows.id" }, { variable: "more", value: "result.truncated" }] };

    const result = await runNode(withSql(recordingSql({ rows: [{ id: 1 }, { id: 2 }], affectedRows: 2, truncated: true })), config);

    expect(Array.from(result.variables.ids as number[])).toEqual([1, 2]);
    expect(result.variables.more).toBe(true);
  });

  test("procedure binds arguments in order", async () => {
    const sql = recordingSql({ out: { balance: 10 } });
    const config = {
      connector: "core-banking",
      mode: "procedure",
      procedure: { name: "bank.get_balance", arguments: [{ name: "accountNo" }, { name: "balance", direction: "out", type: "number" }] },
      parameters: { accountNo: "accountNo" },
      outputs: [{ variable: "balance", value: "result.out.balance" }],
    };

    const result = await runNode(withSql(sql), config, { variables: { accountNo: "1234567890" } });

    expect(sql.requests[0]).toEqual({
      mode: "procedure",
      connector: "core-banking",
      procedure: "bank.get_balance",
      arguments: [
        { name: "accountNo", direction: "in", type: "string", value: "1234567890" },
        { name: "balance", direction: "out", type: "number" },
      ],
      maxRows: 100,
      timeoutMs: 5000,
    });
    expect(result.port).toBe("ok");
    expect(result.variables.balance).toBe(10);
  });

  test("procedure with null outs is empty", async () => {
    const config = { connector: "c", mode: "procedure", procedure: { name: "p", arguments: [{ name: "x", direction: "out" }] } };

    const result = await runNode(withSql(recordingSql({ out: { x: null } })), config);

    expect(result.port).toBe("empty");
  });

  test("object parameter fails the node", async () => {
    const config = { connector: "c", sql: "select :account", parameters: { account: "{ 'a': 1 }" } };

    const result = await runNode(withSql(recordingSql({})), config);

    expect(result.error).toBeInstanceOf(SqlParameterError);
    expect((result.error as Error).message).toContain('parameter "account" is of type object');
  });

  test("missing variable binds null", async () => {
    const sql = recordingSql({});

    await runNode(withSql(sql), balanceQuery);

    expect((sql.requests[0] as { parameters: unknown }).parameters).toEqual({ accountNo: null });
  });

  test("query takes no virtual time", async () => {
    const sql = recordingSql({ rows: [{ balance: 1 }], affectedRows: 1 });
    const slow: SqlService = { query: (request, context) => new Promise((resolve) => setTimeout(() => resolve(sql.query(request, context)), 100)) };

    const config = { ...balanceQuery, outputs: [{ variable: "finishedAt", value: "$millis()" }] };

    // Without holding the virtual clock, it would move on to the key at 1 s while the query runs.
    const result = await runNode(withSql(slow), config, { input: "1@1s", startMs: 0 });

    expect(result.variables.finishedAt).toBe(0);
  });

  test("without the service the node fails", async () => {
    const result = await runNode(dataQueryNode, balanceQuery);

    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });

  test("help has every locale", () => {
    expect(dataQueryHelp.en).toContain(":accountNo");
    expect(dataQueryHelp["zh-Hans"]).toMatch(HAN);
    expect(dataQueryHelp["zh-Hant"]).toMatch(HAN);
  });
});

describe("data.query config", () => {
  test.each([
    ["rows without sql", { connector: "c" }, "sql", "needs the SQL statement"],
    ["procedure without its name", { connector: "c", mode: "procedure" }, "procedure", "procedure's name"],
    ["sql in procedure mode", { connector: "c", mode: "procedure", sql: "select 1", procedure: { name: "p" } }, "sql", "remove sql"],
    ["a procedure in rows mode", { connector: "c", sql: "select 1", procedure: { name: "p" } }, "procedure", "only in procedure mode"],
    ["a procedure name with a quote", { connector: "c", mode: "procedure", procedure: { name: "p'; drop" } }, "procedure/name", "procedure name"],
    ["a connector name with a space", { connector: "core banking", sql: "select 1" }, "connector", "connector name"],
    ["a parameter name with a dash", { connector: "c", sql: "select 1", parameters: { "account-no": "x" } }, "parameters/account-no", "letters, digits or _"],
    ["a timeout over a minute", { connector: "c", sql: "select 1", timeoutMs: 60_001 }, "timeoutMs", ""],
    ["zero max rows", { connector: "c", sql: "select 1", maxRows: 0 }, "maxRows", ""],
  ])("rejects %s", (_name, config, path, message) => {
    const result = dataQueryConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });
});

describe("data.query in a flow", () => {
  function compileWith(config: unknown) {
    const document = {
      schemaVersion: 1,
      kind: "ivr",
      name: { en: "t", "zh-Hans": "t", "zh-Hant": "t" },
      languages: ["en"],
      entry: "query",
      variables: { accountNo: { type: "string" }, balance: { type: "number" } },
      nodes: [
        { id: "query", type: "data.query", config },
        { id: "end", type: "flow.end", config: {} },
      ],
      edges: [
        { from: "query", port: "ok", to: "end" },
        { from: "query", port: "empty", to: "end" },
      ],
    };

    return compileFlow(document, { registry: builtinSpecRegistry() });
  }

  function details(result: ReturnType<typeof compileWith>): string[] {
    return result.problems.filter((problem) => problem.code === "invalid-config").map((problem) => String(problem.params.detail));
  }

  test("accepts a complete query", () => {
    expect(details(compileWith(balanceQuery))).toEqual([]);
  });

  test("placeholder without a value", () => {
    expect(details(compileWith({ ...balanceQuery, parameters: {} }))).toEqual(['the SQL uses :accountNo, which has no value; add "accountNo" to parameters']);
  });

  test("unused parameter", () => {
    expect(details(compileWith({ ...balanceQuery, parameters: { accountNo: "accountNo", pin: "'1'" } }))).toEqual([
      'parameter "pin" is not used in the SQL; write :pin where its value goes, or remove it',
    ]);
  });

  test("in argument without a value", () => {
    const config = { connector: "c", mode: "procedure", procedure: { name: "p", arguments: [{ name: "accountNo" }] } };

    expect(details(compileWith(config))).toEqual(['in argument "accountNo" has no value; add "accountNo" to parameters']);
  });

  test("out argument with a value", () => {
    const config = { connector: "c", mode: "procedure", procedure: { name: "p", arguments: [{ name: "x", direction: "out" }] }, parameters: { x: "1" } };

    expect(details(compileWith(config))).toEqual(['"x" is an out argument, which takes no value; make it inout or remove the parameter']);
  });
});
