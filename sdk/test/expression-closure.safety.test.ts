import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { compileExpression, ExpressionError, type EvaluationEnvironment, type ExpressionLimits } from "../src/index.js";

const CLOCK: EvaluationEnvironment = { now: () => Date.parse("2026-12-07T02:00:00Z") };

function closureValue(source: string, variables: object, limits?: ExpressionLimits): unknown {
  const compiled = compileExpression(source, limits);

  if (compiled.mode !== "closure") throw new Error(`${source} is not compiled to a closure: ${compiled.fallbackReason}`);
  return compiled.evaluateSync(variables, CLOCK);
}

function closureError(source: string, variables: object, limits?: ExpressionLimits): ExpressionError {
  try {
    closureValue(source, variables, limits);
  } catch (error) {
    return error as ExpressionError;
  }
  throw new Error(`expected ${source} to fail`);
}

const account = { name: "陳", balance: 12.5, list: [1, 2], nested: { inner: { value: 1 } } };

describe("closure paths into prototypes", () => {
  test.each([
    "__proto__",
    "constructor",
    "prototype",
    "constructor.constructor",
    "name.constructor",
    "nested.constructor.prototype",
    "nested.__proto__.constructor",
    "list.constructor",
    "list.length",
    "name.length",
    "toString",
    "nested.hasOwnProperty",
    "valueOf.call",
    "__defineGetter__",
  ])("%s finds nothing", (source) => {
    const value = closureValue(source, account);

    expect(value).toBeUndefined();
  });

  test("own __proto__ key in parsed data is not read", () => {
    const data = JSON.parse('{"__proto__": {"isAdmin": true}, "user": {"constructor": {"prototype": 1}}}');

    expect(closureValue("__proto__.isAdmin", data)).toBeUndefined();
    expect(closureValue("user.constructor.prototype", data)).toBeUndefined();
  });

  test("polluted Object.prototype is not read", () => {
    const prototype = Object.prototype as Record<string, unknown>;

    prototype.injected = "yes";
    try {
      expect(closureValue("injected", account)).toBeUndefined();
      expect(closureValue("nested.injected", account)).toBeUndefined();
      expect(closureValue("list.injected", account)).toBeUndefined();
    } finally {
      delete prototype.injected;
    }
  });

  test("function built-ins cannot be read as values", () => {
    const compiled = compileExpression("$string.constructor");

    expect(compiled.mode).toBe("jsonata");
  });

  test("engine finds nothing behind $string.constructor", async () => {
    const value = await compileExpression("$string.constructor").evaluate(account, CLOCK);

    expect(value).toBeUndefined();
  });

  test("engine refuses to call $string.constructor", async () => {
    const outcome = compileExpression('$string.constructor("return process")()').evaluate(account, CLOCK);

    await expect(outcome).rejects.toMatchObject({ code: "T1006" });
  });

  test("string of constructor is undefined", () => {
    const value = closureValue("$string(constructor) & $string(list.constructor)", account);

    expect(value).toBe("");
  });
});

describe("closure sources", () => {
  const directory = join(__dirname, "../src/expression-closure");
  const sources = readdirSync(directory).map((file) => [file, readFileSync(join(directory, file), "utf8")]);

  test.each(sources)("%s uses no eval, Function or globals", (_file, text) => {
    expect(text).not.toMatch(/\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|\bglobalThis\b|\bwindow\b|\bprocess\b|\brequire\s*\(/);
  });
});

describe("closure limits", () => {
  const small: ExpressionLimits = { timeoutMs: 100, maxDepth: 20, maxSequence: 3 };

  test("padding past 16 Mi characters raises string-limit", () => {
    const error = closureError("$pad('a', 20000000)", {});

    expect(error.code).toBe("string-limit");
  });

  test("replacement past 16 Mi characters raises string-limit", () => {
    const error = closureError("$replace(text, 'a', big)", { text: "a".repeat(1_000), big: "b".repeat(20_000) });

    expect(error.code).toBe("string-limit");
  });

  test("sequence past the limit raises D2015", () => {
    const error = closureError("orders.amount", { orders: [{ amount: 1 }, { amount: 2 }, { amount: 3 }, { amount: 4 }] }, small);

    expect(error.code).toBe("D2015");
  });

  test("engine raises D2015 at the same point", async () => {
    const outcome = compileExpression("orders.amount", small, { closures: false }).evaluate({ orders: [{ amount: 1 }, { amount: 2 }, { amount: 3 }, { amount: 4 }] }, CLOCK);

    await expect(outcome).rejects.toMatchObject({ code: "D2015" });
  });

  test("expression deeper than maxDepth stays with JSONata", () => {
    const deep = "1" + " + 1".repeat(30);

    const compiled = compileExpression(deep, small);

    expect(compiled.mode).toBe("jsonata");
  });

  test("engine raises D1011 for that expression", async () => {
    const deep = "1" + " + 1".repeat(30);

    await expect(compileExpression(deep, small).evaluate({}, CLOCK)).rejects.toMatchObject({ code: "D1011" });
  });

  test.each([
    ["sums", (n: number) => "1" + " + 1".repeat(n)],
    ["calls", (n: number) => "$abs(".repeat(n) + "-1" + ")".repeat(n)],
    ["parentheses", (n: number) => "(".repeat(n) + "a.b" + ")".repeat(n)],
    ["conditions", (n: number) => "a ? (".repeat(n) + "1" + ")".repeat(n)],
    ["arrays", (n: number) => "[".repeat(n) + "a" + "]".repeat(n)],
  ])("closure mode never hides a D1011 (%s)", async (_shape, build) => {
    for (let n = 1; n <= 25; n++) {
      const source = build(n);

      if (compileExpression(source, small).mode !== "closure") continue;
      const outcome = await compileExpression(source, small, { closures: false })
        .evaluate({ a: { b: 1 } }, CLOCK)
        .then(() => "ok", (error: ExpressionError) => error.code);

      expect([source, outcome]).not.toEqual([source, "D1011"]);
    }
  });

  test("formatting Infinity with an exponent raises D1001", () => {
    const error = closureError("$formatNumber(1/0, '0.0e0')", {});

    expect(error.code).toBe("D1001");
  });
});
