import { runNode } from "@callflow/sdk";

import { routingOverflowNode } from "../routing-overflow/run.js";
import { routingSelectQueueNode } from "../routing-select-queue/run.js";
import { routingSetPriorityNode } from "../routing-set-priority/run.js";
import { routingSplitNode } from "../routing-split/run.js";
import { routingSplitConfigSchema } from "../routing-split/spec.js";
import { routingStrategyNode } from "../routing-strategy/run.js";
import { routingStrategyConfigSchema } from "../routing-strategy/spec.js";

describe("routing.selectQueue", () => {
  test("sets queue and skill", async () => {
    const result = await runNode(routingSelectQueueNode, { queue: "billing", skill: "billing-vip" });

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ acdQueue: "billing", acdSkill: "billing-vip" });
  });

  test("rejects a queue id with spaces", async () => {
    const run = runNode(routingSelectQueueNode, { queue: "billing team" });

    await expect(run).rejects.toThrow(/queue .*an id of letters, digits/);
  });
});

describe("routing.setPriority", () => {
  test("sets priority from an expression", async () => {
    const result = await runNode(routingSetPriorityNode, { priority: 'tier = "gold" ? 50 : 0' }, { variables: { tier: "gold" } });

    expect(result.variables.acdPriority).toBe(50);
  });

  test("rejects a priority out of range", async () => {
    const result = await runNode(routingSetPriorityNode, { priority: "5000" });

    expect(result.port).toBe("error");
    expect(String(result.error)).toContain("invalid customer priority 5000: the expression must give a whole number from 0 to 1000");
  });
});

describe("routing.strategy", () => {
  test("sets the chain in order", async () => {
    const result = await runNode(routingStrategyNode, { strategies: ["customer-agent", "skill-level", "longest-idle"] });

    expect(result.variables.acdStrategies).toEqual(["customer-agent", "skill-level", "longest-idle"]);
  });

  test("rejects a repeated strategy", () => {
    const parsed = routingStrategyConfigSchema.safeParse({ strategies: ["fcfs", "fcfs"] });

    expect(parsed.error?.issues[0].message).toBe("lists a strategy twice; name each strategy once");
  });
});

describe("routing.split", () => {
  const config = { shares: [{ queue: "inhouse", percent: 70 }, { queue: "vendor", percent: 30 }] };

  test("splits near the percentages", async () => {
    const counts: Record<string, number> = { inhouse: 0, vendor: 0 };

    for (let seed = 1; seed <= 400; seed++) counts[(await runNode(routingSplitNode, config, { seed })).variables.acdQueue as string]++;

    expect(Math.abs(counts.inhouse / 400 - 0.7)).toBeLessThan(0.07);
    expect(counts.inhouse + counts.vendor).toBe(400);
  });

  test("rejects shares not adding to 100", () => {
    const parsed = routingSplitConfigSchema.safeParse({ shares: [{ queue: "a", percent: 50 }, { queue: "b", percent: 20 }] });

    expect(parsed.error?.issues[0].message).toBe("the percentages add up to 70; make them add up to 100");
  });
});

describe("routing.overflow", () => {
  test("queue target becomes the queue", async () => {
    const result = await runNode(routingOverflowNode, { target: { type: "queue", queue: "backup" } });

    expect(result.variables).toMatchObject({ acdQueue: "backup", acdOverflowTarget: { type: "queue", queue: "backup" } });
  });

  test("voicemail target keeps the queue", async () => {
    const result = await runNode(routingOverflowNode, { target: { type: "voicemail", mailbox: "sales" } }, { variables: { acdQueue: "sales" } });

    expect(result.variables).toMatchObject({ acdQueue: "sales", acdOverflowTarget: { type: "voicemail", mailbox: "sales" } });
  });
});
