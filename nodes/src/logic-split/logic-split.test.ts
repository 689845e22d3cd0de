import { runNode, seededRandom, type NodeContext } from "@callflow/sdk";

import { logicSplitNode } from "./run.js";
import { logicSplitConfigSchema } from "./spec.js";

const abTest = {
  branches: [
    { port: "a", percent: 70 },
    { port: "b", percent: 20 },
    { port: "c", percent: 10 },
  ],
};

/**
 * Draws the split `draws` times from one seeded sequence. The split reads only `random` from its
 * context, so a bare context replaces 10,000 harness runs, each of which would restart the seed.
 */
function countPorts(config: unknown, seed: number, draws: number): Record<string, number> {
  const parsed = logicSplitConfigSchema.parse(config);
  const context = { random: seededRandom(seed) } as unknown as NodeContext;
  const counts: Record<string, number> = {};

  for (let i = 0; i < draws; i++) {
    const port = logicSplitNode.run(context, parsed) as string;

    counts[port] = (counts[port] ?? 0) + 1;
  }
  return counts;
}

describe("logic.split distribution", () => {
  // With 10,000 draws the standard deviation of a 70% share is under 0.5 points, so 2 points
  // of tolerance fail only on a real bias.
  let counts: Record<string, number>;

  beforeAll(() => {
    counts = countPorts(abTest, 20261207, 10_000);
  });

  test.each([
    ["a", 70],
    ["b", 20],
    ["c", 10],
  ])("branch %s near %d percent", (port, percent) => {
    expect(Math.abs(counts[port] / 100 - percent)).toBeLessThan(2);
  });

  test("zero percent branch never taken", () => {
    const config = { branches: [{ port: "never", percent: 0 }, ...abTest.branches] };

    const zeroCounts = countPorts(config, 7, 10_000);

    expect(zeroCounts.never).toBeUndefined();
  });

  test("draw above the rounded total", () => {
    // 0.1 + 64.1 + 35.8 adds up to 99.99999999999999 in floating point. A draw of almost 100
    // falls above that total and must still pick a branch: the last one with a share.
    const config = logicSplitConfigSchema.parse({
      branches: [
        { port: "a", percent: 0.1 },
        { port: "b", percent: 64.1 },
        { port: "c", percent: 35.8 },
        { port: "unused", percent: 0 },
      ],
    });
    const context = { random: () => 1 - 2 ** -53 } as unknown as NodeContext;

    const port = logicSplitNode.run(context, config);

    expect(port).toBe("c");
  });
});

describe("logic.split with runNode", () => {
  test("same seed, same branch", async () => {
    const first = await runNode(logicSplitNode, abTest, { seed: 42 });
    const second = await runNode(logicSplitNode, abTest, { seed: 42 });

    expect(second.port).toBe(first.port);
  });

  test("seed picks the branch", async () => {
    // seededRandom(42) starts with 0.6011…, which falls in the 70% of "a".
    const result = await runNode(logicSplitNode, abTest, { seed: 42 });

    expect(result.port).toBe("a");
  });

  test("full share always taken", async () => {
    const config = { branches: [{ port: "off", percent: 0 }, { port: "on", percent: 100 }] };

    const ports = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => (await runNode(logicSplitNode, config, { seed })).port));

    expect(ports).toEqual(["on", "on", "on", "on", "on"]);
  });
});

describe("logic.split config", () => {
  test.each([
    ["percentages below 100", { branches: [{ port: "a", percent: 50 }, { port: "b", percent: 40 }] }, "branches", "add up to 90"],
    ["percentages above 100", { branches: [{ port: "a", percent: 60 }, { port: "b", percent: 50 }] }, "branches", "add up to 110"],
    ["duplicate port", { branches: [{ port: "a", percent: 50 }, { port: "a", percent: 50 }] }, "branches/1/port", 'port "a" is used twice'],
    ["one branch", { branches: [{ port: "a", percent: 100 }] }, "branches", "at least two branches"],
    ["negative percent", { branches: [{ port: "a", percent: -10 }, { port: "b", percent: 110 }] }, "branches/0/percent", ""],
    ["error as port", { branches: [{ port: "error", percent: 50 }, { port: "b", percent: 50 }] }, "branches/0/port", "reserved for failures"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = logicSplitConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports the total", async () => {
    const run = runNode(logicSplitNode, { branches: [{ port: "a", percent: 50 }, { port: "b", percent: 40 }] });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/branches .*add up to 90; make them add up to 100/);
  });
});
