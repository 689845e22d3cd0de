import { ExpressionError, runNode } from "@callflow/sdk";

import { logicSwitchNode } from "./run.js";
import { logicSwitchConfigSchema } from "./spec.js";

const byAmount = {
  conditions: [
    { when: "amount > 100", port: "large" },
    { when: "amount > 10", port: "medium" },
  ],
};

describe("logic.switch conditions", () => {
  test.each([
    [500, "large"],
    [50, "medium"],
    [5, "default"],
  ])("amount %d leaves by %s", async (amount, port) => {
    const result = await runNode(logicSwitchNode, byAmount, { variables: { amount } });

    expect(result.port).toBe(port);
  });

  test("first true condition wins", async () => {
    const config = { conditions: [{ when: "true", port: "first" }, { when: "true", port: "second" }] };

    const result = await runNode(logicSwitchNode, config);

    expect(result.port).toBe("first");
  });

  test.each([
    ["empty string", ""],
    ["zero", 0],
    ["empty array", []],
    ["empty object", {}],
    ["array of false values", [false, 0, ""]],
    ["null", null],
  ])("%s counts as false", async (_name, value) => {
    const result = await runNode(logicSwitchNode, { conditions: [{ when: "tier", port: "hit" }] }, { variables: { tier: value } });

    expect(result.port).toBe("default");
  });

  test.each([
    ["non-empty string", "gold"],
    ["array with a true value", [0, 1]],
    ["non-empty object", { level: 1 }],
  ])("%s counts as true", async (_name, value) => {
    const result = await runNode(logicSwitchNode, { conditions: [{ when: "tier", port: "hit" }] }, { variables: { tier: value } });

    expect(result.port).toBe("hit");
  });

  test("unset variable counts as false", async () => {
    const result = await runNode(logicSwitchNode, { conditions: [{ when: "tier", port: "hit" }] });

    expect(result.port).toBe("default");
  });
});

describe("logic.switch failures", () => {
  test("failing condition leaves by error", async () => {
    const config = { conditions: [{ when: '$number("abc") > 1', port: "big" }] };

    const result = await runNode(logicSwitchNode, config);

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(ExpressionError);
  });

  test("earlier true condition skips a failing one", async () => {
    const config = { conditions: [{ when: "true", port: "first" }, { when: '$error("never evaluated")', port: "second" }] };

    const result = await runNode(logicSwitchNode, config);

    expect(result.port).toBe("first");
  });
});

describe("logic.switch config", () => {
  test.each([
    ["no conditions", { conditions: [] }, "conditions", "at least one condition"],
    ["default as port", { conditions: [{ when: "true", port: "default" }] }, "conditions/0/port", "port taken when no condition holds"],
    ["error as port", { conditions: [{ when: "true", port: "error" }] }, "conditions/0/port", "reserved for failures"],
    ["duplicate port", { conditions: [{ when: "a", port: "x" }, { when: "b", port: "x" }] }, "conditions/1/port", 'port "x" is used by an earlier condition'],
    ["empty condition", { conditions: [{ when: "", port: "x" }] }, "conditions/0/when", "an expression is required"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = logicSwitchConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports a syntax error", async () => {
    const run = runNode(logicSwitchNode, { conditions: [{ when: "amount >", port: "big" }] });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/conditions\/0\/when .*does not parse/);
  });
});
