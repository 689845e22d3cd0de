import { compileExpression } from "@callflow/sdk";

import { expressionOnlyContext } from "../__tests__/expression-only-context.js";
import { logicSetNode } from "./run.js";

describe("logic.set evaluation mode", () => {
  test("closure assignments return the port at once", () => {
    const ctx = expressionOnlyContext({ amount: 21 });
    const config = { assignments: [{ variable: "total", value: compileExpression("amount * 2") }] };

    const port = logicSetNode.run(ctx, config);

    expect(port).toBe("next");
    expect(ctx.variables.get("total")).toBe(42);
  });

  test("JSONata-mode assignment is awaited", async () => {
    const ctx = expressionOnlyContext({ items: [1, 2] });
    const config = {
      assignments: [
        { variable: "count", value: compileExpression("$count(items)") },
        { variable: "doubled", value: compileExpression("$map(items, function($v) { $v * 2 })") },
      ],
    };

    const port = logicSetNode.run(ctx, config);

    expect(port).toBeInstanceOf(Promise);
    expect(await port).toBe("next");
    expect(ctx.variables.get("count")).toBe(2);
    expect([...(ctx.variables.get("doubled") as number[])]).toEqual([2, 4]);
  });

  test("closure failure throws at once", () => {
    const ctx = expressionOnlyContext({ amount: "21" });
    const config = { assignments: [{ variable: "total", value: compileExpression("amount * 2") }] };

    expect(() => logicSetNode.run(ctx, config)).toThrow(expect.objectContaining({ code: "T2001" }));
  });
});
