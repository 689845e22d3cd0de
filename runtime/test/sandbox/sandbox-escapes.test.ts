import { readFileSync } from "node:fs";

import { ScriptSandboxError, type ScriptSandbox } from "../../src/sandbox/index.js";
import { createTestSandbox } from "./support/test-sandbox.js";

const CANARY_NAME = "CALLFLOW_SANDBOX_CANARY";
const CANARY = `canary-${process.pid}-${Date.now()}`;

// Each probe returns `typeof process` (or of `require`) as seen through one route out of the
// isolate; every entry must be "undefined".
const PROBES: Record<string, string> = {
  "process global": "return { seen: [typeof process, typeof globalThis.process] };",
  "require and module": "return { seen: [typeof require, typeof module, typeof exports, typeof __dirname] };",
  "Function returning this": "const self = Function('return this')(); return { seen: [typeof self, typeof globalThis.process] };",
  "indirect eval": "return { seen: [(0, eval)('typeof process'), (0, eval)('typeof require')] };",
  // SES ignores an assignment to Error.prepareStackTrace, so the stack stays a string and no
  // call site reaches the script.
  "prepareStackTrace call sites": `
    Error.prepareStackTrace = (_error, sites) => sites.flatMap((site) => {
      const receiver = site.getThis();
      const fn = site.getFunction();
      return [typeof (receiver && receiver.process), fn ? fn.constructor('return typeof process')() : "undefined"];
    });
    const stack = new Error('probe').stack;
    return { seen: typeof stack === "string" ? [typeof Error.prepareStackTrace === "function" && Error.prepareStackTrace.length === 2 ? "call sites" : "undefined"] : stack };`,
  "prepareStackTrace in sloppy code": `
    Error.prepareStackTrace = (_error, sites) => sites.map((site) => typeof (site.getThis() && site.getThis().process));
    const stack = (0, eval)('(function sloppy() { return new Error("probe").stack; })()');
    return { seen: typeof stack === "string" ? ["undefined"] : stack };`,
};

// Routes that SES closes: the constructor of every function is an inert one that throws, so the
// run fails before it reaches anything.
const CLOSED_PROBES: Record<string, string> = {
  "global constructor chain": "return { seen: [globalThis.constructor.constructor('return typeof process')()] };",
  "function constructor chain": "return { seen: [(function () {}).constructor('return typeof process')()] };",
  "async function constructor": "const AsyncFunction = (async () => {}).constructor; return { seen: [await AsyncFunction('return typeof process')()] };",
  "inputs constructor chain": "return { seen: [inputs.constructor.constructor('return typeof process')()] };",
  "console constructor chain": "return { seen: [console.log.constructor('return typeof process')()] };",
  "host object constructor chain": "return { seen: [host.constructor.constructor('return typeof process')()] };",
  "error constructor chain": "try { null.x; } catch (error) { return { seen: [error.constructor.constructor('return typeof process')()] }; }",
  "stack overflow error": "const dive = (n) => dive(n + 1) + 1; try { dive(0); } catch (error) { return { seen: [error.constructor.constructor('return typeof process')()] }; }",
};

describe("script sandbox escapes", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    process.env[CANARY_NAME] = CANARY;
    sandbox = createTestSandbox({ workers: 1, worker: { env: { [CANARY_NAME]: CANARY } } });
    await sandbox.start();
  });

  afterAll(async () => {
    delete process.env[CANARY_NAME];
    await sandbox.close();
  });

  test.each(Object.entries(PROBES))("%s finds no process", async (_name, code) => {
    const result = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 });
    const seen = (result.value as { seen: unknown[] }).seen;

    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(["undefined"]));
  });

  test.each(Object.entries(CLOSED_PROBES))("%s is closed", async (_name, code) => {
    const error = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ScriptSandboxError);
    expect((error as ScriptSandboxError).code).toBe("script-error");
    expect((error as ScriptSandboxError).message).toContain("Function.prototype.constructor is not a valid constructor");
  });

  test("dynamic import is rejected", async () => {
    const code = "return { outcome: await import('node:fs').then(() => 'imported', (error) => 'rejected: ' + error.message) };";

    const error = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 }).catch((caught: unknown) => caught);

    expect((error as ScriptSandboxError).code).toBe("script-syntax");
    expect((error as ScriptSandboxError).message).toContain('the script contains "import(" at line 1');
  });

  test("stack traces show no host frames", async () => {
    const code = "const dive = (n) => (n > 50 ? new Error('deep').stack : dive(n + 1)); return { stack: dive(0) };";

    const result = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 });
    const stack = (result.value as { stack: string }).stack;

    expect(stack).toContain("script.js");
    expect(stack).not.toMatch(/node:|\/work\/|sandbox\/|\.ts\b/);
  });

  test("worker environment holds the canary", () => {
    const worker = sandbox.status()[0];
    const environment = readFileSync(`/proc/${worker.pid}/environ`, "utf8").split("\0");

    expect(environment).toContain(`${CANARY_NAME}=${CANARY}`);
  });

  test("script cannot read the canary", async () => {
    const code = `
      const found = [];
      const search = (value, depth) => {
        if (depth > 3 || value === null || (typeof value !== "object" && typeof value !== "function")) return;
        for (const key of Object.getOwnPropertyNames(value)) {
          let item;
          try { item = value[key]; } catch { continue; }
          if (typeof item === "string" && item.includes("canary")) found.push(key);
          search(item, depth + 1);
        }
      };
      search(globalThis, 0);
      const env = typeof process === "object" ? process.env : undefined;
      return { found, env: env === undefined ? null : JSON.stringify(env) };`;

    const result = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 2_000 });

    expect(result.value).toEqual({ found: [], env: null });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });
});

describe("script sandbox copies", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("changing inputs leaves the host's objects alone", async () => {
    const profile = { name: "Chan", tags: ["vip"] };
    const code = "inputs.profile.name = 'changed'; inputs.profile.tags.push('x'); return {};";

    await sandbox.run("tenant-a", { code, inputs: { profile }, timeoutMs: 1_000 });

    expect(profile).toEqual({ name: "Chan", tags: ["vip"] });
  });

  test("polluting prototypes stays in the isolate", async () => {
    const code = `
      const rejected = [];
      const attempt = (name, change) => { try { change(); } catch (error) { rejected.push(name + ": " + error.message); } };
      attempt("through input", () => { inputs.profile.__proto__.polluted = "through input"; });
      attempt("directly", () => { Object.prototype.pollutedDirectly = "yes"; });
      attempt("includes", () => { Array.prototype.includes = () => true; });
      return { rejected };`;

    const result = await sandbox.run("tenant-a", { code, inputs: { profile: { name: "Chan" } }, timeoutMs: 1_000 });

    expect(result.value).toEqual({
      rejected: [
        "through input: Cannot add property polluted, object is not extensible",
        "directly: Cannot add property pollutedDirectly, object is not extensible",
        "includes: Cannot assign to read only property 'includes' of object '[object Array]'",
      ],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).pollutedDirectly).toBeUndefined();
    expect([1].includes(2)).toBe(false);
  });

  test("__proto__ key in the result stays an own key", async () => {
    const code = 'return JSON.parse(\'{"__proto__": {"polluted": true}, "total": 1}\');';

    const result = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 1_000 });
    const value = result.value as Record<string, unknown>;

    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(["__proto__", "total"]);
  });

  test("__proto__ input arrives as data", async () => {
    const inputs = JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>;

    const result = await sandbox.run("tenant-a", { code: "return { isAdmin: ({}).isAdmin ?? null, own: Object.keys(inputs) };", inputs, timeoutMs: 1_000 });

    expect(result.value).toEqual({ isAdmin: null, own: ["__proto__"] });
  });

  test("result is a copy without functions", async () => {
    const result = await sandbox.run("tenant-a", { code: "return { when: new Date(0), run: () => 1, nested: { n: NaN } };", inputs: {}, timeoutMs: 1_000 });

    expect(result.value).toEqual({ when: "1970-01-01T00:00:00.000Z", nested: { n: null } });
  });
});

describe("script sandbox state between runs", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("a run sees nothing the previous run left", async () => {
    const leave = `
      const rejected = [];
      const attempt = (name, change) => { try { change(); } catch { rejected.push(name); } };
      globalThis.leftBehind = inputs.secret;
      attempt("inherited", () => { Object.prototype.inherited = inputs.secret; });
      attempt("random", () => { Math.random = () => 4; });
      attempt("stringify", () => { JSON.stringify = () => '"tampered"'; });
      Error.stackTraceLimit = 0;
      Error.prepareStackTrace = () => "tampered";
      Promise.resolve().then(() => { globalThis.later = inputs.secret; });
      return { rejected };`;
    const look = "return { left: typeof leftBehind, later: typeof globalThis.later, inherited: typeof ({}).inherited, random: Math.random() !== 4, stack: new Error('x').stack.includes('script.js') };";

    const left = await sandbox.run("tenant-a", { code: leave, inputs: { secret: "s3cret" }, timeoutMs: 1_000 });
    const result = await sandbox.run("tenant-a", { code: look, inputs: {}, timeoutMs: 1_000 });

    expect(left.value).toEqual({ rejected: ["inherited", "random", "stringify"] });
    expect(result.value).toEqual({ left: "undefined", later: "undefined", inherited: "undefined", random: true, stack: true });
  });

  test("Math, Date and Intl work and stay unchanged", async () => {
    const change = `
      const rejected = [];
      for (const [name, target] of [["Math", Math], ["Date", Date], ["Intl", Intl], ["NumberFormat", Intl.NumberFormat.prototype]]) {
        try { target.extra = 1; } catch { rejected.push(name); }
      }
      return { rejected, random: typeof Math.random(), now: Date.now() > 0, today: new Date().getFullYear() > 2000, money: new Intl.NumberFormat("en-US").format(1234.5), float: new Float64Array([1.5])[0] };`;

    const changed = await sandbox.run("tenant-a", { code: change, inputs: {}, timeoutMs: 1_000 });
    const after = await sandbox.run("tenant-a", { code: "return { extras: [Math.extra, Date.extra, Intl.extra].filter((value) => value !== undefined).length };", inputs: {}, timeoutMs: 1_000 });

    expect(changed.value).toEqual({ rejected: ["Math", "Date", "Intl", "NumberFormat"], random: "number", now: true, today: true, money: "1,234.5", float: 1.5 });
    expect(after.value).toEqual({ extras: 0 });
  });

  test("the same code starts fresh each run", async () => {
    const code = "globalThis.count = (globalThis.count ?? 0) + 1; return { count };";

    const first = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 1_000 });
    const second = await sandbox.run("tenant-a", { code, inputs: {}, timeoutMs: 1_000 });

    expect(first.value).toEqual({ count: 1 });
    expect(second.value).toEqual({ count: 1 });
  });

  test("a stopped run leaves nothing behind", async () => {
    await sandbox.run("tenant-a", { code: "globalThis.partial = 1; while (true) {}", inputs: {}, timeoutMs: 1_000 }).catch(() => undefined);

    const result = await sandbox.run("tenant-a", { code: "return { partial: typeof partial };", inputs: {}, timeoutMs: 1_000 });

    expect(result.value).toEqual({ partial: "undefined" });
  });
});
