import {
  compileExpression,
  compileTemplate,
  ExpressionError,
  TemplateSyntaxError,
  VirtualClock,
  type EvaluationEnvironment,
  type ExpressionLimits,
} from "../src/index.js";

const CALL_START = Date.parse("2026-12-07T02:00:00Z");
const environment: EvaluationEnvironment = { now: () => CALL_START };

function evaluate(source: string, variables: object = {}): Promise<unknown> {
  return compileExpression(source).evaluate(variables, environment);
}

// Returns the error a promise rejects with, and throws if the promise resolves.
async function rejectionOf(promise: Promise<unknown>): Promise<ExpressionError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );

  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  return outcome.error as ExpressionError;
}

// Ten thousand times ten thousand steps: runs for many seconds unless the time limit stops it.
const NESTED_MAP = "$sum($map([1..10000], function($v){ $sum($map([1..10000], function($w){ $w })) }))";
// Recursion that is not a tail call, so every call adds evaluation depth.
const DEEP_RECURSION = "( $down := function($n){ $down($n + 1) + 1 }; $down(0) )";

describe("expression arithmetic", () => {
  test.each([
    ["amount + fee", { amount: 100, fee: 15 }, 115],
    ["balance - withdrawal", { balance: 500, withdrawal: 120.5 }, 379.5],
    ["amount * 3", { amount: 7 }, 21],
    ["total / months", { total: 1200, months: 12 }, 100],
    ["7 / 2", {}, 3.5],
    ["$length(accountNo)", { accountNo: "0012345678" }, 10],
    ["$length('你好')", {}, 2],
    ["$replace(phone, '-', '')", { phone: "0912-345-678" }, "0912345678"],
    ["$replace('1,234.50', ',', '')", {}, "1234.50"],
    ["attempts < 3 ? 'retry' : 'agent'", { attempts: 1 }, "retry"],
  ])("%s", async (source, variables, expected) => {
    const value = await evaluate(source, variables);

    expect(value).toEqual(expected);
  });

  test("missing variable is undefined", async () => {
    const value = await evaluate("nobody");

    expect(value).toBeUndefined();
  });

  test("type error rejects with its JSONata code", async () => {
    const error = await rejectionOf(evaluate("'a' + 1"));

    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.code).toBe("T2001");
    expect(error.message).toContain("'a' + 1");
  });
});

describe("expression syntax", () => {
  test("error carries code and position", () => {
    const error = (() => {
      try {
        compileExpression("amount +");
      } catch (e) {
        return e as ExpressionError;
      }
      throw new Error("expected a syntax error");
    })();

    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.code).toBe("S0207");
    expect(error.position).toBe(8);
    expect(error.source).toBe("amount +");
  });
});

describe("expression clock", () => {
  test("$now() reads the injected clock", async () => {
    const value = await evaluate("$now()");

    expect(value).toBe("2026-12-07T02:00:00.000Z");
  });

  test("$millis() reads the injected clock", async () => {
    const value = await evaluate("$millis()");

    expect(value).toBe(CALL_START);
  });

  test("$now() takes a picture and time zone", async () => {
    const value = await evaluate("$now('[H01]:[m01]', '+0800')");

    expect(value).toBe("10:00");
  });

  test("virtual clock moves $millis()", async () => {
    const clock = new VirtualClock(CALL_START);
    const expression = compileExpression("$millis()");

    await clock.advance(5000);
    const value = await expression.evaluate({}, { now: () => clock.now() });

    expect(value).toBe(CALL_START + 5000);
  });
});

describe("expression limits", () => {
  const limits: ExpressionLimits = { timeoutMs: 50, maxDepth: 100, maxSequence: 100_000 };

  test("runaway loop times out with D1012", async () => {
    const error = await rejectionOf(compileExpression(NESTED_MAP, limits).evaluate({}, environment));

    expect(error.code).toBe("D1012");
  });

  test("runaway loop stops near its time limit", async () => {
    const started = Date.now();

    await rejectionOf(compileExpression(NESTED_MAP, limits).evaluate({}, environment));

    // Generous against a loaded machine: unbounded, the expression runs for many seconds.
    expect(Date.now() - started).toBeLessThan(limits.timeoutMs + 1000);
  });

  test("runaway recursion fails with D1011", async () => {
    const error = await rejectionOf(compileExpression(DEEP_RECURSION, { ...limits, timeoutMs: 10_000 }).evaluate({}, environment));

    expect(error.code).toBe("D1011");
  });

  test("oversized sequence fails with D2015", async () => {
    const error = await rejectionOf(compileExpression("$count([1..200000])", limits).evaluate({}, environment));

    expect(error.code).toBe("D2015");
  });

  // The time limit is far above the engine's 4 ms slices, so a stall of a loaded machine cannot
  // end the evaluation before its first yield.
  test("timer fires while a runaway expression runs", async () => {
    const events: string[] = [];
    const evaluation = compileExpression(NESTED_MAP, { ...limits, timeoutMs: 1500 })
      .evaluate({}, environment)
      .catch(() => events.push("evaluation settled"));

    setTimeout(() => events.push("timer fired"), 0);
    await evaluation;

    expect(events).toEqual(["timer fired", "evaluation settled"]);
  });

  // The recursion gets a long time limit, so that on a loaded machine it still ends at its
  // depth limit rather than its time limit.
  test("two runaway expressions run side by side", async () => {
    const first = rejectionOf(compileExpression(NESTED_MAP, limits).evaluate({}, environment));
    const second = rejectionOf(compileExpression(DEEP_RECURSION, { ...limits, timeoutMs: 10_000 }).evaluate({}, environment));

    const codes = (await Promise.all([first, second])).map((error) => error.code);

    expect(codes).toEqual(["D1012", "D1011"]);
  });
});

describe("expression parse cache", () => {
  test("same text twice gives working expressions", async () => {
    const first = compileExpression("amount * 2");
    const second = compileExpression("amount * 2");

    const values = await Promise.all([first.evaluate({ amount: 21 }, environment), second.evaluate({ amount: 50 }, environment)]);

    expect(values).toEqual([42, 100]);
  });

  test("same text keeps the limits it was compiled with", async () => {
    const source = "( $down := function($n){ $n = 0 ? 0 : $down($n - 1) + 1 }; $down(150) )";
    const shallow = compileExpression(source, { timeoutMs: 1000, maxDepth: 100, maxSequence: 100_000 });
    const deep = compileExpression(source, { timeoutMs: 1000, maxDepth: 5000, maxSequence: 100_000 });

    const shallowError = await rejectionOf(shallow.evaluate({}, environment));
    const deepValue = await deep.evaluate({}, environment);

    expect(shallowError.code).toBe("D1011");
    expect(deepValue).toBe(150);
  });

  test("cached expression keeps the source and reads", () => {
    compileExpression("balance + credit");

    const again = compileExpression("balance + credit");

    expect(again.source).toBe("balance + credit");
    expect(again.reads).toEqual(["balance", "credit"]);
  });
});

describe("expression reads", () => {
  test.each([
    ["amount * 2", ["amount"]],
    ["customer.tier = 'gold' and $length(name) > 3", ["customer", "name"]],
    ["items[price > 5].sku", ["items"]],
    ["( $x := 1; $x + limit )", ["limit"]],
    ["attempts < 3 ? retry : agent", ["attempts", "retry", "agent"]],
    ["'literal only'", []],
    ["$now()", []],
  ])("%s reads %j", (source, reads) => {
    const expression = compileExpression(source);

    expect(expression.reads).toEqual(reads);
  });
});

describe("template", () => {
  test("renders expressions between double braces", async () => {
    const template = compileTemplate("Your balance is {{ balance }} dollars, due in {{ days * 7 }} days");

    const text = await template.render({ balance: 1234.5, days: 2 }, environment);

    expect(text).toBe("Your balance is 1234.5 dollars, due in 14 days");
  });

  test("backslash keeps a literal {{", async () => {
    const template = compileTemplate("Press \\{{ not a placeholder }} and {{ key }}");

    const text = await template.render({ key: "1" }, environment);

    expect(text).toBe("Press {{ not a placeholder }} and 1");
  });

  test("text without braces is static", () => {
    const template = compileTemplate("Welcome to the hotline");

    expect(template.isStatic).toBe(true);
  });

  test("escaped braces alone stay static", () => {
    const template = compileTemplate("Literal \\{{ braces }}");

    expect(template.isStatic).toBe(true);
  });

  test("missing value renders as nothing", async () => {
    const template = compileTemplate("Hello {{ name }}!");

    const text = await template.render({}, environment);

    expect(text).toBe("Hello !");
  });

  test("decimals render without float noise", async () => {
    const template = compileTemplate("{{ 0.1 + 0.2 }}");

    const text = await template.render({}, environment);

    expect(text).toBe("0.3");
  });

  test("reads collect every placeholder", () => {
    const template = compileTemplate("{{ first }} {{ last }} {{ first }}");

    expect(template.reads).toEqual(["first", "last"]);
  });

  test("unclosed {{ throws with position", () => {
    const error = (() => {
      try {
        compileTemplate("Your code is {{ code");
      } catch (e) {
        return e as TemplateSyntaxError;
      }
      throw new Error("expected a template syntax error");
    })();

    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.code).toBe("S0000");
    expect(error.position).toBe(13);
    expect(error.message).toContain("\\{{");
  });

  test("bad placeholder throws ExpressionError", () => {
    expect(() => compileTemplate("Total {{ amount + }}")).toThrow(ExpressionError);
  });

  test("$now() in a template reads the injected clock", async () => {
    const template = compileTemplate("It is {{ $now('[H01]:[m01]', '+0800') }} in Taipei");

    const text = await template.render({}, environment);

    expect(text).toBe("It is 10:00 in Taipei");
  });
});
