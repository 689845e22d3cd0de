import { defineNode, MemoryLogger, REDACTED, runNode, type TraceEvent } from "@callflow/sdk";

import { utilLogNode } from "./run.js";
import { utilLogConfigSchema } from "./spec.js";

const sensitive = ["accountNo"];
const variables = { accountNo: "0912345678", name: "Amy" };

function logEvents(trace: TraceEvent[]): Array<{ level: string; message: string }> {
  return trace.flatMap((event) => (event.type === "log" ? [{ level: event.level, message: event.message }] : []));
}

/** Wraps the node so that it logs into `logger`, where the test reads the records. */
function logInto(logger: MemoryLogger) {
  return defineNode(utilLogNode.spec, (ctx, config) => utilLogNode.run({ ...ctx, log: logger }, config));
}

describe("util.log", () => {
  test("writes the rendered message to the trace", async () => {
    const result = await runNode(utilLogNode, { message: "Caller {{ name }} reached the menu" }, { variables });

    expect(result.port).toBe("next");
    expect(logEvents(result.trace)).toEqual([{ level: "info", message: "Caller Amy reached the menu" }]);
  });

  test("writes the message to the logger", async () => {
    const logger = new MemoryLogger();

    await runNode(logInto(logger), { level: "warn", message: "Caller {{ name }} waited long" }, { variables });

    expect(logger.records).toEqual([{ level: "warn", message: "flow log", fields: { flowMessage: "Caller Amy waited long" } }]);
  });

  test("redacts sensitive variables in the message", async () => {
    const config = { message: "Account {{ accountNo }} of {{ name }}" };

    const result = await runNode(utilLogNode, config, { variables, sensitive });

    expect(logEvents(result.trace)[0].message).toBe(`Account ${REDACTED} of Amy`);
  });

  test("redacts sensitive variables in the logger", async () => {
    const logger = new MemoryLogger();

    await runNode(logInto(logger), { message: "Account {{ accountNo }}" }, { variables, sensitive });

    expect(logger.records[0].fields.flowMessage).toBe(`Account ${REDACTED}`);
  });

  test.each([
    ["a function of the value", "{{ $substring(accountNo, 0, 4) }}"],
    ["every variable at once", "{{ $ }}"],
    ["a lookup by name", '{{ $lookup($, "accountNo") }}'],
  ])("no raw sensitive value through %s", async (_name, message) => {
    const result = await runNode(utilLogNode, { message }, { variables, sensitive });

    expect(JSON.stringify(result.trace)).not.toContain("0912");
  });

  test("failing placeholder leaves by error", async () => {
    const result = await runNode(utilLogNode, { message: "{{ $error('lookup failed') }}" }, { variables });

    expect(result.port).toBe("error");
    expect(logEvents(result.trace)).toEqual([]);
  });
});

describe("util.log config", () => {
  test.each([
    ["empty message", { message: "" }, "message"],
    ["message over 2,000 characters", { message: "x".repeat(2001) }, "message"],
    ["unknown level", { message: "hi", level: "trace" }, "level"],
  ])("rejects %s", (_name, config, path) => {
    const result = utilLogConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path).toEqual([path]);
  });

  test("compiler reports an unclosed placeholder", async () => {
    const run = runNode(utilLogNode, { message: "Account {{ accountNo" });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/message .*without a closing "}}"/);
  });
});
