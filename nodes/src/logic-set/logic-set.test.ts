import { ExpressionError, REDACTED, runNode, type TraceEvent } from "@callflow/sdk";

import { logicSetNode } from "./run.js";
import { logicSetConfigSchema } from "./spec.js";

function changes(trace: TraceEvent[]): Array<{ name: string; value: unknown }> {
  return trace.flatMap((event) => (event.type === "variable.changed" ? [{ name: event.name, value: event.value }] : []));
}

describe("logic.set assignments", () => {
  test("sets a variable from an expression", async () => {
    const config = { assignments: [{ variable: "total", value: "amount * 1.05" }] };

    const result = await runNode(logicSetNode, config, { variables: { amount: 200 } });

    expect(result.port).toBe("next");
    expect(result.variables.total).toBe(210);
  });

  test("later assignment reads an earlier one", async () => {
    const config = {
      assignments: [
        { variable: "total", value: "amount * 2" },
        { variable: "label", value: '"Total " & $string(total)' },
      ],
    };

    const result = await runNode(logicSetNode, config, { variables: { amount: 21 } });

    expect(result.variables.label).toBe("Total 42");
  });

  test("each change is traced", async () => {
    const config = { assignments: [{ variable: "tier", value: '"VIP"' }, { variable: "score", value: "3" }] };

    const result = await runNode(logicSetNode, config);

    expect(changes(result.trace)).toEqual([
      { name: "tier", value: "VIP" },
      { name: "score", value: 3 },
    ]);
  });

  test("sensitive value redacted in trace", async () => {
    const config = { assignments: [{ variable: "accountNo", value: '"0912345678"' }] };

    const result = await runNode(logicSetNode, config, { sensitive: ["accountNo"] });

    expect(result.variables.accountNo).toBe("0912345678");
    expect(changes(result.trace)).toEqual([{ name: "accountNo", value: REDACTED }]);
  });
});

describe("logic.set failures", () => {
  test("failing expression leaves by error", async () => {
    const config = { assignments: [{ variable: "amount", value: '$number("twelve")' }] };

    const result = await runNode(logicSetNode, config);

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(ExpressionError);
  });

  test("assignments before the failure stay", async () => {
    const config = {
      assignments: [
        { variable: "step", value: '"started"' },
        { variable: "amount", value: '$error("lookup failed")' },
      ],
    };

    const result = await runNode(logicSetNode, config);

    expect(result.variables.step).toBe("started");
    expect(result.variables.amount).toBeUndefined();
  });

  // The time limit is raised so that a loaded machine cannot stop the recursion by time first.
  test("runaway recursion stopped", async () => {
    const config = { assignments: [{ variable: "depth", value: "($f := function($n){ $n + $f($n + 1) }; $f(0))" }] };

    const result = await runNode(logicSetNode, config, { expressionLimits: { timeoutMs: 10_000, maxDepth: 200, maxSequence: 100_000 } });

    expect(result.port).toBe("error");
    expect((result.error as ExpressionError).code).toBe("D1011");
  });
});

describe("logic.set config", () => {
  test.each([
    ["no assignments", { assignments: [] }, "assignments", "at least one assignment"],
    ["variable starting with a digit", { assignments: [{ variable: "1st", value: "1" }] }, "assignments/0/variable", "not starting with a digit"],
    ["variable with a hyphen", { assignments: [{ variable: "account-no", value: "1" }] }, "assignments/0/variable", ""],
    ["empty expression", { assignments: [{ variable: "a", value: "" }] }, "assignments/0/value", "an expression is required"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = logicSetConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports a syntax error", async () => {
    const run = runNode(logicSetNode, { assignments: [{ variable: "total", value: "amount *" }] });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/assignments\/0\/value .*does not parse/);
  });
});
