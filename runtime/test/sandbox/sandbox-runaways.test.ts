import type { ScriptSandbox } from "../../src/sandbox/index.js";
import { createTestSandbox } from "./support/test-sandbox.js";
import { sleep, timed, waitFor, type Timed } from "./support/timed.js";

// The runaway tenant gets a long CPU limit, so its scripts run for a while. The calm tenant's
// calls must be served meanwhile, well within this bound; alone, one takes about a millisecond.
const ROGUE_CPU_MS = 600;
const CALM_BOUND_MS = 200;
const CALM = { code: "return { total: inputs.amount * 2 };", inputs: { amount: 21 }, timeoutMs: 1_000 };
const TICK = { name: "clock", functions: { tick: async () => 1 } };

interface Contest {
  runaway: Timed<unknown>;
  calm: Timed<unknown>[];
}

describe("runaway scripts", () => {
  let sandbox: ScriptSandbox;

  // Starts the runaway, lets it get going, then serves calm calls one after another while it runs.
  async function contest(code: string, timeoutMs = 5_000): Promise<Contest> {
    const runaway = timed(sandbox.run("rogue", { code, inputs: {}, timeoutMs }, { capabilities: [TICK] }));
    const calm: Timed<unknown>[] = [];

    await sleep(20);
    for (let i = 0; i < 3; i++) calm.push(await timed(sandbox.run("calm", CALM)));
    return { runaway: await runaway, calm };
  }

  const slowest = (calls: Timed<unknown>[]): number => Math.max(...calls.map((call) => call.elapsedMs));
  const codeOf = (outcome: Timed<unknown>): unknown => (outcome.error as { code?: unknown } | undefined)?.code;
  const messageOf = (outcome: Timed<unknown>): string => (outcome.error as Error).message;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 2, tenantLimits: (tenantId) => (tenantId === "rogue" ? { cpuTimeMs: ROGUE_CPU_MS } : undefined) });
    await sandbox.start();
    for (let i = 0; i < 5; i++) await sandbox.run("calm", CALM);
  });

  afterAll(() => sandbox.close());

  test("busy loop stops at the CPU limit", async () => {
    const { runaway, calm } = await contest("while (true) {}");

    expect(codeOf(runaway)).toBe("script-cpu-limit");
    expect(messageOf(runaway)).toBe(`the script used more than its ${ROGUE_CPU_MS} ms of CPU time and was stopped; look for an endless loop, or do less work in one run`);
    expect(runaway.elapsedMs).toBeGreaterThanOrEqual(ROGUE_CPU_MS);
    expect(calm.every((call) => call.error === undefined)).toBe(true);
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("loop after a host call stops at the CPU limit", async () => {
    const { runaway, calm } = await contest("await host.clock.tick(); while (true) {}");

    expect(codeOf(runaway)).toBe("script-cpu-limit");
    expect(runaway.elapsedMs).toBeGreaterThanOrEqual(ROGUE_CPU_MS);
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("endless microtasks stop at the CPU limit", async () => {
    const { runaway, calm } = await contest("const spin = () => { Promise.resolve().then(spin); }; spin(); return {};");

    expect(codeOf(runaway)).toBe("script-cpu-limit");
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("blocking Atomics.wait is not offered", async () => {
    const { runaway, calm } = await contest("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return {};");

    expect(codeOf(runaway)).toBe("script-error");
    expect(messageOf(runaway)).toContain("Cannot read properties of undefined (reading 'wait')");
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("Atomics and SharedArrayBuffer are absent and the worker lives", async () => {
    const restartsBefore = sandbox.status().map((worker) => worker.restarts);

    const result = await sandbox.run("calm", { code: "return { atomics: typeof Atomics, shared: typeof SharedArrayBuffer, weak: typeof WeakRef, finalization: typeof FinalizationRegistry };", inputs: {}, timeoutMs: 1_000 });
    const attempt = await timed(sandbox.run("calm", { code: "Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); return {};", inputs: {}, timeoutMs: 1_000 }));
    await sleep(50);

    expect(result.value).toEqual({ atomics: "undefined", shared: "undefined", weak: "undefined", finalization: "undefined" });
    expect(codeOf(attempt)).toBe("script-error");
    expect(sandbox.status().map((worker) => worker.restarts)).toEqual(restartsBefore);
  });

  test("never-settling promise stops at the deadline", async () => {
    const { runaway, calm } = await contest("await new Promise(() => {}); return {};", 700);

    expect(codeOf(runaway)).toBe("script-timeout");
    expect(messageOf(runaway)).toContain("did not finish within its 700 ms deadline");
    expect(messageOf(runaway)).toContain("promise that never settles");
    // Node.js timers may fire up to a millisecond before performance.now() reports them due.
    expect(runaway.elapsedMs).toBeGreaterThanOrEqual(700 - 2);
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("deep recursion fails with advice", async () => {
    const { runaway, calm } = await contest("const dive = (n) => dive(n + 1) + 1;\nreturn { depth: dive(0) };");

    expect(codeOf(runaway)).toBe("script-error");
    expect(messageOf(runaway)).toBe(
      "the script threw RangeError: Maximum call stack size exceeded at line 1; the recursion is too deep, so use a loop or recurse less deeply",
    );
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("growing heap stops at the memory limit", async () => {
    const { runaway, calm } = await contest("const kept = []; while (true) kept.push(new Array(1e5).fill(kept.length));");

    expect(codeOf(runaway)).toBe("script-memory-limit");
    expect(messageOf(runaway)).toBe("the script's isolate went over its 32 MB memory limit and was stopped; build smaller arrays, objects and strings");
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  });

  test("huge allocation kills and restarts the worker", async () => {
    const restarts = (): number => sandbox.status().reduce((sum, worker) => sum + worker.restarts, 0);
    const restartsBefore = restarts();

    const { runaway, calm } = await contest("return { length: new Array(1e9).fill(0).length };");
    await waitFor(() => restarts() > restartsBefore && sandbox.status().every((worker) => worker.state === "ready"));

    expect(codeOf(runaway)).toBe("script-crashed");
    expect(messageOf(runaway)).toContain("allocated far beyond its 32 MB memory limit");
    expect(restarts()).toBe(restartsBefore + 1);
    expect(calm.every((call) => call.error === undefined)).toBe(true);
    expect(slowest(calm)).toBeLessThan(CALM_BOUND_MS);
  }, 15_000);

  test("allocation failures inside the script are its own errors", async () => {
    const buffer = await timed(sandbox.run("rogue", { code: "return { size: new ArrayBuffer(2 ** 31).byteLength };", inputs: {}, timeoutMs: 2_000 }));
    const text = await timed(sandbox.run("rogue", { code: "let s = 'x'; while (true) s += s;", inputs: {}, timeoutMs: 2_000 }));

    expect(messageOf(buffer)).toBe("the script threw RangeError: Array buffer allocation failed at line 1");
    expect(messageOf(text)).toBe("the script threw RangeError: Invalid string length at line 1");
  });

  test("tenant runs again after its runaways", async () => {
    const result = await sandbox.run("rogue", { code: "return { ok: true };", inputs: {}, timeoutMs: 2_000 });

    expect(result.value).toEqual({ ok: true });
  });
});

describe("runaway in the same message batch", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1, tenantLimits: (tenantId) => (tenantId === "rogue" ? { cpuTimeMs: ROGUE_CPU_MS } : undefined) });
    await sandbox.start();
    await sandbox.run("calm", CALM);
  });

  afterAll(() => sandbox.close());

  test("earlier result is not held behind it", async () => {
    // Both runs go out in one IPC message to the one worker, the calm run first.
    const calm = timed(sandbox.run("calm", CALM));
    const runaway = timed(sandbox.run("rogue", { code: "while (true) {}", inputs: {}, timeoutMs: 5_000 }));

    const calmOutcome = await calm;
    const runawayOutcome = await runaway;

    expect(calmOutcome.value).toBeDefined();
    expect(calmOutcome.elapsedMs).toBeLessThan(CALM_BOUND_MS);
    expect((runawayOutcome.error as { code?: unknown }).code).toBe("script-cpu-limit");
  });
});
