import { spawnSync } from "node:child_process";
import path from "node:path";

import { ScriptSandbox, ScriptSandboxError, type SandboxRunResult, type ScriptCapability } from "../../src/sandbox/index.js";
import { createTestSandbox } from "./support/test-sandbox.js";
import { sleep, timed, waitFor, type Timed } from "./support/timed.js";

const REGISTER_HOOKS = path.join(__dirname, "..", "store", "support", "register-hooks.mjs");
const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code;
const valueOf = (outcome: Timed<SandboxRunResult>): unknown => outcome.value?.value;

describe("script sandbox results", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1, limits: { maxLogEntries: 3, maxLogLength: 20, maxResultLength: 100, maxInputLength: 100 } });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  const run = (code: string, inputs: Record<string, unknown> = {}) => sandbox.run("tenant-a", { code, inputs, timeoutMs: 2_000 });

  test("returns the value and the logs", async () => {
    const result = await run("console.log('total', inputs.amount * 2, { ok: true }); console.warn('slow'); return { total: inputs.amount * 2 };", { amount: 21 });

    expect(result.value).toEqual({ total: 42 });
    expect(result.logs).toEqual([
      { level: "info", message: 'total 42 {"ok":true}' },
      { level: "warn", message: "slow" },
    ]);
  });

  test("returning nothing gives undefined", async () => {
    const result = await run("const x = 1;");

    expect(result.value).toBeUndefined();
  });

  test("keeps the first log lines and counts the rest", async () => {
    const result = await run("for (let i = 0; i < 10; i++) console.log('line ' + i); return {};");

    expect(result.logs.map((entry) => entry.message)).toEqual(["line 0", "line 1", "line 2", "7 more log lines were dropped; a run keeps at most 3"]);
  });

  test("cuts long log lines", async () => {
    const result = await run("console.log('x'.repeat(50)); return {};");

    expect(result.logs[0].message).toBe(`${"x".repeat(20)}…`);
  });

  test("reports where the script threw", async () => {
    const error = await run("const a = 1;\nthrow new TypeError('account ' + a + ' is closed');").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-error");
    expect((error as Error).message).toBe("the script threw TypeError: account 1 is closed at line 2");
  });

  test("a thrown string is reported as it is", async () => {
    const error = await run("throw 'no such account';").catch((caught: unknown) => caught);

    expect((error as Error).message).toBe("the script threw no such account");
  });

  test("a thrown value with throwing getters still fails cleanly", async () => {
    const error = await run("throw { get name() { throw new Error('x'); }, get message() { throw new Error('y'); } };").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-error");
    expect((error as Error).message).toBe("the script threw a value whose properties cannot be read");
  });

  test("tampering with toJSON fails and spoils nothing", async () => {
    const tampered = await run("console.log('kept'); Object.prototype.toJSON = () => 'tampered'; return { total: 1 };").catch((caught: unknown) => caught);
    const next = await run("return { total: 2 };");

    expect((tampered as ScriptSandboxError).message).toContain("Cannot add property toJSON, object is not extensible");
    expect((tampered as ScriptSandboxError).logs).toEqual([{ level: "info", message: "kept" }]);
    expect(next.value).toEqual({ total: 2 });
  });

  test("logs before a throw come with the error", async () => {
    const error = await run("console.log('step 1'); throw new Error('stop');").catch((caught: unknown) => caught);

    expect((error as ScriptSandboxError).logs).toEqual([{ level: "info", message: "step 1" }]);
  });

  test("a syntax error names the line", async () => {
    const error = await run("const a = 1;\nconst b = ;").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-syntax");
    expect((error as Error).message).toBe("the script does not parse: Unexpected token ';' at line 2; fix the code in the node's editor");
  });

  test("an unclosed block names the last line", async () => {
    const error = await run("const a = 1;\nif (a) {\n  return {};").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-syntax");
    expect((error as Error).message).toBe(
      "the script does not parse: Unexpected token ')' after its last line (3); check that every {, (, [, quote and backtick is closed",
    );
  });

  test.each([
    ["an HTML comment opener", "const note = 'a';\nconst label = '<!-- menu';\nreturn {};", 'the script contains "<!--" or "-->" at line 2'],
    ["an HTML comment closer", "const label = 'menu --> agent';\nreturn {};", 'the script contains "<!--" or "-->" at line 1'],
    ["import( in a comment", "// import(file) was the old way\nreturn {};", 'the script contains "import(" at line 1'],
  ])("rejects %s before running", async (_name, code, message) => {
    const error = await run(code).catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-syntax");
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain("strings and comments included");
  });

  test("eval runs in the compartment", async () => {
    const result = await run("// eval(text) was removed\nconst local = 2;\nconst note = 'eval(x) is fine here';\nreturn { sum: eval('1 + 1'), local: eval('typeof local'), note };");

    expect(result.value).toEqual({ sum: 2, local: "undefined", note: "eval(x) is fine here" });
  });

  test("Date reads the time of the request", async () => {
    const now = Date.parse("2026-12-07T02:00:00Z");
    const code = "return { now: Date.now(), iso: new Date().toISOString().slice(0, 13), given: new Date(0).getTime(), same: new Date() instanceof Date };";

    const result = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000, now });
    const value = result.value as { now: number; iso: string; given: number; same: boolean };

    expect(value.now - now).toBeGreaterThanOrEqual(0);
    expect(value.now - now).toBeLessThan(2_000);
    expect(value.iso).toBe("2026-12-07T02");
    expect(value.given).toBe(0);
    expect(value.same).toBe(true);
  });

  test("host-only names fail with advice", async () => {
    const error = await run("setTimeout(() => 1, 10);\nreturn {};").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-error");
    expect((error as Error).message).toContain("scripts have no setTimeout: they have no timers, modules, network or process of their own");
  });

  test("an undeclared assignment fails with advice", async () => {
    const error = await run("rates = { usd: 31.5 };\nreturn {};").catch((caught: unknown) => caught);

    expect((error as Error).message).toBe(
      "the script threw ReferenceError: rates is not defined at line 1; scripts run in strict mode, so declare the variable with let or const, or set a global of the call as globalThis.rates",
    );
  });

  test("console shows errors, maps and sets", async () => {
    // This sandbox cuts log lines at 20 characters.
    const result = await run("console.error(new TypeError('boom'));\nconsole.log(new Map([[1, 2]]));\nconsole.log(new Set([2]));\nreturn {};");

    expect(result.logs).toEqual([
      { level: "error", message: "TypeError: boom" },
      { level: "info", message: "Map [[1,2]]" },
      { level: "info", message: "Set [2]" },
    ]);
  });

  test.each([
    ["a BigInt", "return { n: 1n };", "Do not know how to serialize a BigInt"],
    ["a function", "return () => 1;", "a function has no JSON form"],
    ["a cycle", "const a = {}; a.self = a; return a;", "circular structure"],
  ])("rejects %s as the result", async (_name, code, reason) => {
    const error = await run(code).catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-invalid-result");
    expect((error as Error).message).toContain(reason);
  });

  test("rejects a result over the length limit", async () => {
    const error = await run("return { text: 'x'.repeat(200) };").catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-invalid-result");
    expect((error as Error).message).toBe("the script returned 211 characters of JSON, more than the 100 allowed; return less data");
  });

  test.each([
    ["a BigInt", { n: 1n }, "the inputs cannot be copied into the script as JSON (Do not know how to serialize a BigInt)"],
    ["a long text", { text: "x".repeat(200) }, "the inputs are 211 characters of JSON, more than the 100 allowed"],
  ])("rejects %s as input", async (_name, inputs, message) => {
    const error = await run("return {};", inputs).catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe("script-invalid-input");
    expect((error as Error).message).toContain(message);
  });

  test("timing adds up", async () => {
    const { timing } = await run("return {};");

    expect(timing.prepareUs).toBeGreaterThan(0);
    expect(timing.runUs).toBeGreaterThan(0);
    expect(timing.totalUs).toBeGreaterThanOrEqual(timing.prepareUs + timing.runUs);
    expect(timing.processHopUs).toBeCloseTo(timing.totalUs - timing.prepareUs - timing.runUs, 3);
  });
});

describe("script sandbox host functions", () => {
  let sandbox: ScriptSandbox;
  const received: unknown[][] = [];
  const shared = { tier: "gold", tags: ["a"] };
  const crm: ScriptCapability = {
    name: "crm",
    functions: {
      lookup: async (args) => {
        received.push(args as unknown[]);
        return shared;
      },
      fail: async () => {
        throw new Error("crm is down");
      },
      stamp: async (args) => {
        (args[0] as Record<string, unknown>).stamped = true;
        return null;
      },
    },
  };

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1, limits: { maxHostCalls: 2 } });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  const run = (code: string, capabilities: ScriptCapability[] = [crm]) => sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 }, { capabilities });

  test("calls a granted host function", async () => {
    const result = await run("const customer = await host.crm.lookup('A1', { full: true }); return { tier: customer.tier };");

    expect(result.value).toEqual({ tier: "gold" });
    expect(received.at(-1)).toEqual(["A1", { full: true }]);
  });

  test("host results are copies", async () => {
    await run("const customer = await host.crm.lookup('A1'); customer.tier = 'changed'; customer.tags.push('x'); return {};");

    expect(shared).toEqual({ tier: "gold", tags: ["a"] });
  });

  test("host arguments are copies", async () => {
    const result = await run("const record = { id: 1 }; await host.crm.stamp(record); return { stamped: record.stamped ?? false };");

    expect(result.value).toEqual({ stamped: false });
  });

  test("a failing host function rejects in the script", async () => {
    const result = await run("try { await host.crm.fail(); return { caught: null }; } catch (error) { return { caught: error.message }; }");

    expect(result.value).toEqual({ caught: "host.crm.fail failed: crm is down" });
  });

  test("nothing is granted by default", async () => {
    const result = await run("return { keys: Object.keys(host), frozen: Object.isFrozen(host) };", []);

    expect(result.value).toEqual({ keys: [], frozen: true });
  });

  test("host calls per run are limited", async () => {
    const result = await run("const outcomes = []; for (let i = 0; i < 3; i++) { try { await host.crm.lookup(i); outcomes.push('ok'); } catch (error) { outcomes.push(error.message); } } return { outcomes };");

    expect(result.value).toEqual({ outcomes: ["ok", "ok", "host.crm.lookup: the script may call host functions at most 2 times in one run"] });
  });

  test("capability names must be identifiers", async () => {
    const misnamed = [{ name: "crm-2", functions: {} }];

    expect(() => sandbox.forTenant("tenant-a", misnamed)).toThrow('script capability name "crm-2" is not a lower camel case identifier');
    await expect(run("return {};", misnamed)).rejects.toThrow(TypeError);
  });

  test("a tenant's service grants its capabilities", async () => {
    const service = sandbox.forTenant("tenant-a", [crm]);

    const result = await service.run({ code: "return await host.crm.lookup('A2');", inputs: {}, timeoutMs: 2_000 }, { signal: new AbortController().signal });

    expect(result.value).toEqual(shared);
  });
});

describe("script sandbox quota and deadlines", () => {
  let sandbox: ScriptSandbox;
  const pause: ScriptCapability = { name: "timer", functions: { wait: ([ms]) => sleep(Number(ms)).then(() => null) } };

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 2, limits: { maxConcurrentRuns: 1, maxQueuedRuns: 1, maxTimeoutMs: 500 } });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  const waitRun = (ms: number, timeoutMs = 2_000) => sandbox.run("tenant-a", { code: `await host.timer.wait(${ms}); return { done: true };`, inputs: {}, timeoutMs }, { capabilities: [pause] });

  test("runs beyond the quota wait their turn", async () => {
    const first = timed(waitRun(150));
    const second = timed(waitRun(10));

    expect(valueOf(await first)).toEqual({ done: true });
    expect(valueOf(await second)).toEqual({ done: true });
    expect((await second).elapsedMs).toBeGreaterThanOrEqual(150);
  });

  test("a full queue rejects at once", async () => {
    const runs = [waitRun(100), waitRun(10), waitRun(10)].map((promise) => timed(promise));
    const third = await runs[2];

    expect(codeOf(third.error)).toBe("script-quota");
    expect((third.error as Error).message).toBe(
      "tenant tenant-a is at its script quota (1 running, 1 waiting), so the run was rejected; ask the platform operator for a higher quota if calls need more scripts at once",
    );
    // Waiting instead would take the first run's 100 ms.
    expect(third.elapsedMs).toBeLessThan(90);
    await Promise.all(runs);
  });

  test("another tenant is not held by the quota", async () => {
    const busy = waitRun(200);

    const other = await timed(sandbox.run("tenant-b", { code: "return { ok: true };", inputs: {}, timeoutMs: 1_000 }));

    expect(valueOf(other)).toEqual({ ok: true });
    // Held by tenant-a's quota, it would wait the busy run's 200 ms.
    expect(other.elapsedMs).toBeLessThan(180);
    await busy;
  });

  test("waiting counts against the deadline", async () => {
    const first = waitRun(300);
    const second = await timed(waitRun(10, 100));

    expect(codeOf(second.error)).toBe("script-timeout");
    expect(second.elapsedMs).toBeLessThan(250);
    await first;
  });

  test("deadline is capped by the limits", async () => {
    const outcome = await timed(sandbox.run("tenant-c", { code: "await new Promise(() => {});", inputs: {}, timeoutMs: 60_000 }));

    expect((outcome.error as Error).message).toContain("within its 500 ms deadline");
  });

  test("abort rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("caller hung up");
    const run = timed(sandbox.run("tenant-d", { code: "await new Promise(() => {});", inputs: {}, timeoutMs: 2_000 }, { signal: controller.signal }));

    await sleep(30);
    controller.abort(reason);
    const outcome = await run;

    expect(outcome.error).toBe(reason);
    // Without the abort, the run would end at its 2,000 ms deadline.
    expect(outcome.elapsedMs).toBeLessThan(1_000);
  });

  test("a cancelled run does not cost a restart", async () => {
    await waitFor(() => sandbox.status().every((worker) => worker.runs === 0));

    expect(sandbox.status().map((worker) => worker.restarts)).toEqual([0, 0]);
  });
});

describe("script sandbox workers", () => {
  test("a killed worker is replaced", async () => {
    const sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
    const run = timed(sandbox.run("tenant-a", { code: "await new Promise(() => {});", inputs: {}, timeoutMs: 5_000 }));

    await sleep(50);
    process.kill(sandbox.status()[0].pid!, "SIGKILL");
    const outcome = await run;
    await waitFor(() => sandbox.status()[0].state === "ready");
    const after = await sandbox.run("tenant-a", { code: "return { ok: true };", inputs: {}, timeoutMs: 1_000 });
    await sandbox.close();

    expect(codeOf(outcome.error)).toBe("script-crashed");
    expect((outcome.error as Error).message).toContain("crashed (signal SIGKILL)");
    expect(after.value).toEqual({ ok: true });
  });

  test("runs that shared the crash are sent again", async () => {
    const sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
    const bomb = timed(sandbox.run("tenant-a", { code: "return { n: new Array(1e9).fill(0).length };", inputs: {}, timeoutMs: 10_000 }));
    const innocent = timed(sandbox.run("tenant-b", { code: "return { ok: true };", inputs: {}, timeoutMs: 10_000 }));

    const [bombOutcome, innocentOutcome] = await Promise.all([bomb, innocent]);
    await sandbox.close();

    expect(codeOf(bombOutcome.error)).toBe("script-crashed");
    expect(valueOf(innocentOutcome)).toEqual({ ok: true });
  }, 15_000);

  test("a worker that cannot start fails runs at once", async () => {
    const sandbox = new ScriptSandbox({ workers: 1, worker: { entry: path.join(__dirname, "no-such-worker.js") } });

    const started = await timed(sandbox.start());
    const outcome = await timed(sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 5_000 }));
    await sandbox.close();

    expect(codeOf(started.error)).toBe("script-unavailable");
    expect(codeOf(outcome.error)).toBe("script-unavailable");
    expect((outcome.error as Error).message).toContain("Cannot find module");
    expect(outcome.elapsedMs).toBeLessThan(2_000);
  });

  test("thousands of runs keep one isolate healthy", async () => {
    const sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
    const failures: unknown[] = [];

    for (let i = 0; i < 3_000; i++) {
      await sandbox.run("tenant-a", { code: "const rows = []; for (let i = 0; i < 100; i++) rows.push({ i, text: 'row ' + i }); return { count: rows.length };", inputs: {}, timeoutMs: 1_000 }).catch((error: unknown) => failures.push(error));
    }
    const restarts = sandbox.status()[0].restarts;
    await sandbox.close();

    expect(failures).toEqual([]);
    expect(restarts).toBe(0);
  }, 30_000);

  test.each([
    ["without closing", [], '{"ok":true}\n'],
    ["after closing", ["close"], '{"ok":true}\nclosed\n'],
  ])("process exits %s the sandbox", (_name, args, output) => {
    const child = spawnSync(process.execPath, ["--no-node-snapshot", "--import", REGISTER_HOOKS, path.join(__dirname, "support", "one-run.ts"), ...args], { encoding: "utf8", timeout: 15_000 });

    expect(child.stdout).toBe(output);
    expect(child.status).toBe(0);
  }, 20_000);

  test("evicted tenant isolates are made again", async () => {
    const sandbox = createTestSandbox({ workers: 1, maxIsolatesPerWorker: 2 });
    const values: unknown[] = [];

    for (const tenantId of ["tenant-a", "tenant-b", "tenant-c", "tenant-a"]) {
      values.push((await sandbox.run(tenantId, { code: "return { ok: true };", inputs: {}, timeoutMs: 2_000 })).value);
    }
    await sandbox.close();

    expect(values).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
  });

  test("closing ends runs in flight", async () => {
    const sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
    const run = timed(sandbox.run("tenant-a", { code: "await new Promise(() => {});", inputs: {}, timeoutMs: 5_000 }));

    await sleep(20);
    await sandbox.close();
    const outcome = await run;
    const later = await timed(sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 1_000 }));

    expect(codeOf(outcome.error)).toBe("script-unavailable");
    expect(codeOf(later.error)).toBe("script-unavailable");
  });
});
