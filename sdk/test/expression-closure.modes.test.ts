import { compileExpression, compileFlow, reportExpressionModes, type FlowDocumentInput, type Plan } from "../src/index.js";
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
});
