import { defineNode, REDACTED, runNode, type NodeDefinition, type NodeServices, type TraceEvent } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { logicScriptNode, ScriptFailedError } from "./run.js";
import { SCRIPT_SERVICE, type ScriptRequest, type ScriptResult, type ScriptService } from "./script-service.js";
import { ScriptOutputError } from "./script-outputs.js";
import { logicScriptConfigSchema } from "./spec.js";

/** A script service that records requests and returns a canned result or failure. */
function fakeSandbox(answer: Partial<ScriptResult> | Error): ScriptService & { requests: ScriptRequest[] } {
  const requests: ScriptRequest[] = [];

  return {
    requests,
    async run(request) {
      requests.push(request);
      if (answer instanceof Error) throw answer;
      return { value: undefined, logs: [], ...answer };
    },
  };
}

function withSandbox(sandbox: ScriptService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === SCRIPT_SERVICE.name ? (sandbox as never) : undefined) };

  return defineNode(logicScriptNode.spec, (ctx, config) => logicScriptNode.run({ ...ctx, services }, config));
}

function sandboxFailure(code: string, message: string, logs: ScriptResult["logs"] = []): Error {
  return Object.assign(new Error(message), { code, logs });
}

const logLines = (trace: TraceEvent[]): string[] => trace.flatMap((event) => (event.type === "log" ? [`${event.level}: ${event.message}`] : []));

describe("logic.script run", () => {
  test("sends code, inputs and deadline", async () => {
    const sandbox = fakeSandbox({ value: {} });
    const config = { code: "return {};", inputs: ["amount", "tier"], timeoutMs: 250 };

    await runNode(withSandbox(sandbox), config, { variables: { amount: 200, tier: "VIP", other: 1 } });

    expect(sandbox.requests[0]).toEqual({ code: "return {};", inputs: { amount: 200, tier: "VIP" }, timeoutMs: 250, now: expect.any(Number) });
  });

  test("sends the HTTP connectors", async () => {
    const sandbox = fakeSandbox({ value: {} });

    await runNode(withSandbox(sandbox), { code: "return {};", httpConnectors: ["crm", "billing"] });

    expect(sandbox.requests[0].httpConnectors).toEqual(["crm", "billing"]);
  });

  test("an empty connector list sends none", async () => {
    const sandbox = fakeSandbox({ value: {} });

    await runNode(withSandbox(sandbox), { code: "return {};", httpConnectors: [] });

    expect(sandbox.requests[0]).not.toHaveProperty("httpConnectors");
  });

  test("sets outputs and leaves by next", async () => {
    const sandbox = fakeSandbox({ value: { total: 210, label: "Total 210" } });
    const config = { code: "return {};", inputs: ["amount"], outputs: ["total", "label"] };

    const result = await runNode(withSandbox(sandbox), config, { variables: { amount: 200 } });

    expect(result.port).toBe("next");
    expect(result.variables.total).toBe(210);
    expect(result.variables.label).toBe("Total 210");
  });

  test("returning nothing sets nothing", async () => {
    const result = await runNode(withSandbox(fakeSandbox({ value: undefined })), { code: "return {};", outputs: ["total"] });

    expect(result.port).toBe("next");
    expect(result.variables).not.toHaveProperty("total");
  });

  test("an output left out keeps its value", async () => {
    const sandbox = fakeSandbox({ value: { total: 1 } });

    const result = await runNode(withSandbox(sandbox), { code: "return {};", outputs: ["total", "label"] }, { variables: { label: "before" } });

    expect(result.variables.label).toBe("before");
  });

  test("script logs go to the trace", async () => {
    const sandbox = fakeSandbox({ value: {}, logs: [{ level: "info", message: "looked up" }, { level: "warn", message: "slow" }] });

    const result = await runNode(withSandbox(sandbox), { code: "return {};" });

    expect(logLines(result.trace)).toEqual(["info: looked up", "warn: slow"]);
  });

  test("caller hang-up aborts the run", async () => {
    const aborted: unknown[] = [];
    const sandbox: ScriptService = {
      run: (_request, context) =>
        new Promise((_resolve, reject) =>
          context.signal.addEventListener("abort", () => {
            aborted.push(context.signal.reason);
            reject(context.signal.reason);
          }),
        ),
    };

    const result = await runNode(withSandbox(sandbox), { code: "await new Promise(() => {});" }, { input: "hangup@1s" });

    expect(result.port).toBe("hangup");
    expect(aborted).toHaveLength(1);
  });
});

describe("logic.script result checks", () => {
  test.each([
    ["a number", 42, "returned a number"],
    ["null", null, "returned null"],
    ["an array", [1, 2], "returned an array"],
  ])("rejects %s", async (_name, value, message) => {
    const result = await runNode(withSandbox(fakeSandbox({ value })), { code: "return {};", outputs: ["total"] });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(ScriptOutputError);
    expect((result.error as Error).message).toContain(message);
  });

  test("rejects a key outside the outputs", async () => {
    const sandbox = fakeSandbox({ value: { total: 1, secret: 2 } });

    const result = await runNode(withSandbox(sandbox), { code: "return {};", outputs: ["total"] });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("returned secret, but its outputs are total");
  });

  test("a rejected result sets no variable", async () => {
    const sandbox = fakeSandbox({ value: { total: 1, secret: 2 } });

    const result = await runNode(withSandbox(sandbox), { code: "return {};", outputs: ["total"] });

    expect(result.variables).not.toHaveProperty("total");
  });
});

describe("logic.script failures", () => {
  test("sandbox failure leaves by error with its code", async () => {
    const failure = sandboxFailure("script-cpu-limit", "the script used more than its 50 ms of CPU time and was stopped");

    const result = await runNode(withSandbox(fakeSandbox(failure)), { code: "while (true) {}" });

    expect(result.port).toBe("error");
    expect(result.error).toBe(failure);
  });

  test("logs before a failure still reach the trace", async () => {
    const failure = sandboxFailure("script-error", "the script threw Error: no", [{ level: "info", message: "step 1" }]);

    const result = await runNode(withSandbox(fakeSandbox(failure)), { code: "return {};" });

    expect(logLines(result.trace)).toEqual(["info: step 1"]);
  });

  test("without a sandbox the node fails", async () => {
    const result = await runNode(logicScriptNode, { code: "return {};" });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
    expect((result.error as Error).message).toContain("logic.script needs the script sandbox service");
  });
});

describe("logic.script sensitive inputs", () => {
  const options = { variables: { accountNo: "0912345678" }, sensitive: ["accountNo"] };

  test("redacted in script logs", async () => {
    const sandbox = fakeSandbox({ value: {}, logs: [{ level: "info", message: "account 0912345678 found" }] });

    const result = await runNode(withSandbox(sandbox), { code: "return {};", inputs: ["accountNo"] }, options);

    expect(logLines(result.trace)).toEqual([`info: account ${REDACTED} found`]);
  });

  test("redacted in error messages", async () => {
    const failure = sandboxFailure("script-error", "the script threw Error: unknown account 0912345678");

    const result = await runNode(withSandbox(fakeSandbox(failure)), { code: "return {};", inputs: ["accountNo"] }, options);

    expect(result.error).toBeInstanceOf(ScriptFailedError);
    expect((result.error as ScriptFailedError).message).toBe(`the script threw Error: unknown account ${REDACTED}`);
    expect((result.error as ScriptFailedError).code).toBe("script-error");
  });
});

describe("logic.script config", () => {
  test.each([
    ["empty code", { code: "" }, "code", "write the script's code"],
    ["an input listed twice", { code: "x", inputs: ["a", "a"] }, "inputs", "list each variable once"],
    ["an output with a hyphen", { code: "x", outputs: ["account-no"] }, "outputs/0", "not starting with a digit"],
    ["a deadline under 10 ms", { code: "x", timeoutMs: 5 }, "timeoutMs", ""],
    ["a deadline over 10 s", { code: "x", timeoutMs: 20_000 }, "timeoutMs", ""],
    ["a connector listed twice", { code: "x", httpConnectors: ["crm", "crm"] }, "httpConnectors", "list each connector once"],
    ["a connector name with a slash", { code: "x", httpConnectors: ["crm/api"] }, "httpConnectors/0", "a connector name such as crm-api"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = logicScriptConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("defaults", () => {
    expect(logicScriptConfigSchema.parse({ code: "x" })).toEqual({ code: "x", inputs: [], outputs: [], timeoutMs: 1_000 });
  });
});

describe("logic.script code checks", () => {
  const problemOf = (code: string): string | undefined => {
    const result = logicScriptConfigSchema.safeParse({ code });

    return result.success ? undefined : result.error.issues.map((issue) => issue.message).join("; ");
  };

  test("accepts code that parses, with await and eval in text", () => {
    expect(problemOf("const rate = await Promise.resolve(1.05);\n// eval(text) is fine here\nreturn { total: inputs.amount * rate };")).toBeUndefined();
  });

  test("reports code that does not parse", () => {
    expect(problemOf("const a = 1;\nconst b = ;")).toBe("the code does not parse: Unexpected token ';'; fix it in the script editor");
  });

  test("reports an unclosed block", () => {
    expect(problemOf("if (inputs.vip) {\n  return {};")).toContain("the code does not parse");
  });

  test.each([
    ["import(", "const label = 'import(file)';", '"import(" cannot appear in a script'],
    ["-->", "const label = 'menu --> agent';", '"<!--" and "-->" cannot appear in a script'],
    ["<!--", "// <!-- old markup\nreturn {};", '"<!--" and "-->" cannot appear in a script'],
  ])("reports %s in the text", (_name, code, message) => {
    expect(problemOf(code)).toContain(message);
  });
});
