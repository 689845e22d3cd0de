import {
  compileExpression,
  compileFlow,
  compileTemplate,
  evaluateExpression,
  renderTemplate,
  reportExpressionModes,
  type FlowDocumentInput,
  type Plan,
} from "../src/index.js";
import { testRegistry } from "./support/test-nodes.js";

// A flow of test nodes: set nodes with the given expressions, chained from the start node.
function flowWith(expressions: string[]): FlowDocumentInput {
  const sets = expressions.map((expression, i) => ({ id: `set${i}`, type: "test.set", config: { variable: `v${i}`, expression } }));
  const ids = ["start", ...sets.map((node) => node.id), "end"];

  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Modes" },
    languages: ["en"],
    entry: "start",
    nodes: [{ id: "start", type: "test.start" }, ...sets, { id: "end", type: "test.end" }],
    edges: ids.slice(1).map((to, i) => ({ from: ids[i], port: "next", to })),
  };
}

function planOf(document: FlowDocumentInput): Plan {
  const result = compileFlow(document, { registry: testRegistry() });

  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  return result.plan;
}

describe("expression modes", () => {
  test("subset expression compiles to a closure", () => {
    const compiled = compileExpression("attempts < 3 and $uppercase(answer) = 'YES'");

    expect(compiled.mode).toBe("closure");
  });

  test("lambda stays with JSONata and says why", () => {
    const compiled = compileExpression("$map(items, function($v) { $v * 2 })");

    expect(compiled).toMatchObject({ mode: "jsonata", fallbackReason: "$map is not compiled to closures" });
  });

  test("closures can be turned off", () => {
    const compiled = compileExpression("amount * 2", undefined, { closures: false });

    expect(compiled).toMatchObject({ mode: "jsonata", fallbackReason: "closures were turned off" });
  });

  test("same text and limits give the same object", () => {
    const first = compileExpression("balance + 1");

    expect(compileExpression("balance + 1")).toBe(first);
  });

  test("different limits give different objects", () => {
    const first = compileExpression("balance + 2");

    expect(compileExpression("balance + 2", { timeoutMs: 50, maxDepth: 10, maxSequence: 10 })).not.toBe(first);
  });

  test("closure and engine modes share one parse", () => {
    const closure = compileExpression("balance * 3");
    const engine = compileExpression("balance * 3", undefined, { closures: false });

    expect([closure.mode, engine.mode, closure.reads, engine.reads]).toEqual(["closure", "jsonata", ["balance"], ["balance"]]);
  });

  test("closure evaluate still returns a promise", async () => {
    const compiled = compileExpression("amount * 2");

    await expect(compiled.evaluate({ amount: 21 }, { now: Date.now })).resolves.toBe(42);
  });

  test("closure evaluate rejects with the error code", async () => {
    const compiled = compileExpression("amount * 2");

    await expect(compiled.evaluate({ amount: "21" }, { now: Date.now })).rejects.toMatchObject({ code: "T2001" });
  });
});

describe("evaluateExpression", () => {
  test("closure mode returns the value itself", () => {
    const value = evaluateExpression(compileExpression("amount * 2"), { amount: 21 }, { now: Date.now });

    expect(value).toBe(42);
  });

  test("JSONata mode returns a promise", async () => {
    const value = evaluateExpression(compileExpression("amount * 2", undefined, { closures: false }), { amount: 21 }, { now: Date.now });

    expect(value).toBeInstanceOf(Promise);
    expect(await value).toBe(42);
  });
});

describe("template modes", () => {
  const balance = { balance: 1234.5, name: "陳" };

  test("closure placeholders render at once", () => {
    const template = compileTemplate("{{ name }}, your balance is {{ $formatNumber(balance, '#,##0.00') }}");

    const text = renderTemplate(template, balance, { now: Date.now });

    expect([template.mode, text]).toEqual(["closure", "陳, your balance is 1,234.50"]);
  });

  test("static text is closure mode", () => {
    const template = compileTemplate("Welcome");

    expect([template.mode, template.isStatic, template.expressions]).toEqual(["closure", true, []]);
  });

  test("one JSONata placeholder makes a promise", async () => {
    const template = compileTemplate("{{ name }} has {{ $count($filter([1, 2, 3], function($v) { $v > 1 })) }} items");

    const text = renderTemplate(template, balance, { now: Date.now });

    expect(template.mode).toBe("jsonata");
    expect(await text).toBe("陳 has 2 items");
  });

  test("render still returns a promise in closure mode", async () => {
    const template = compileTemplate("{{ balance }}");

    await expect(template.render(balance, { now: Date.now })).resolves.toBe("1234.5");
  });
});

describe("reportExpressionModes", () => {
  test("counts closures and fallbacks per node", () => {
    const plan = planOf(flowWith(["amount * 2", "$sum(items.price)", "$map(items, function($v) { $v })"]));

    const report = reportExpressionModes(plan);

    expect(report).toEqual({
      closure: 2,
      jsonata: 1,
      fallbacks: [{ nodeId: "set2", source: "$map(items, function($v) { $v })", reason: "$map is not compiled to closures" }],
    });
  });

  test("counts template placeholders", () => {
    const document = flowWith(["amount"]);

    document.nodes.splice(1, 0, { id: "say", type: "test.say", config: { prompt: { tts: { en: "Total {{ amount }} for {{ $string(amount) }}" } } } });
    document.edges = [
      { from: "start", port: "next", to: "say" },
      { from: "say", port: "next", to: "set0" },
      { from: "set0", port: "next", to: "end" },
    ];

    const report = reportExpressionModes(planOf(document));

    expect(report).toEqual({ closure: 3, jsonata: 0, fallbacks: [] });
  });
});
