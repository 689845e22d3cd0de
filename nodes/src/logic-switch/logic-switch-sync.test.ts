import { compileExpression } from "@callflow/sdk";

import { expressionOnlyContext } from "../__tests__/expression-only-context.js";
import { logicSwitchNode } from "./run.js";

describe("logic.switch evaluation mode", () => {
  test("closure conditions return the port at once", () => {
    const ctx = expressionOnlyContext({ tier: "gold" });
    const config = {
      conditions: [
        { when: compileExpression("tier = 'silver'"), port: "silver" },
        { when: compileExpression("tier = 'gold'"), port: "gold" },
      ],
    };

    const port = logicSwitchNode.run(ctx, config);

    expect(port).toBe("gold");
  });

  test("no true closure condition gives default at once", () => {
    const ctx = expressionOnlyContext({ tier: "bronze" });
    const config = { conditions: [{ when: compileExpression("tier = 'gold'"), port: "gold" }] };

    const port = logicSwitchNode.run(ctx, config);

    expect(port).toBe("default");
  });

  test("JSONata-mode condition is awaited", async () => {
    const ctx = expressionOnlyContext({ items: [1, 2] });
    const config = {
      conditions: [
        { when: compileExpression("$count(items) > 5"), port: "many" },
        { when: compileExpression("$count($filter(items, function($v) { $v > 1 })) = 1"), port: "one" },
      ],
    };

    const port = logicSwitchNode.run(ctx, config);

    expect(port).toBeInstanceOf(Promise);
    expect(await port).toBe("one");
  });
});
