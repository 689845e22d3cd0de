import path from "node:path";

import { ScriptSandbox, type ScriptCapability } from "../../src/sandbox/index.js";
import { timed, waitFor } from "./support/timed.js";

// The parent treats its workers as untrusted, because they run tenant code. These tests replace
// the worker with one that breaks the protocol and check that the parent holds.
const ROGUE_WORKER = path.join(__dirname, "support", "rogue-worker.mjs");
const crm: ScriptCapability = { name: "crm", functions: { lookup: async () => ({ tier: "gold" }) } };

function rogueSandbox(mode: string): ScriptSandbox {
  return new ScriptSandbox({ workers: 1, limits: { maxHostCalls: 2 }, worker: { entry: ROGUE_WORKER, env: { ROGUE_MODE: mode } } });
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code;

describe("script sandbox with a rogue worker", () => {
  test("a malformed message kills the worker", async () => {
    const sandbox = rogueSandbox("malformed");
    await sandbox.start();

    const outcome = await timed(sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 }));
    await waitFor(() => sandbox.status()[0].restarts === 1);
    await sandbox.close();

    expect(codeOf(outcome.error)).toBe("script-crashed");
  });

  test("a malformed message in a batch kills the worker", async () => {
    const sandbox = rogueSandbox("malformed-in-batch");
    await sandbox.start();

    const outcome = await timed(sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 }));
    await waitFor(() => sandbox.status()[0].restarts === 1);
    await sandbox.close();

    expect(codeOf(outcome.error)).toBe("script-crashed");
  });

  test("batched worker messages are accepted", async () => {
    const sandbox = rogueSandbox("batched");
    await sandbox.start();

    const result = await sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 });
    const restarts = sandbox.status()[0].restarts;
    await sandbox.close();

    expect(result.value).toEqual({ batched: true });
    expect(restarts).toBe(0);
  });

  test("host call arguments that are not JSON are refused", async () => {
    const sandbox = rogueSandbox("bad-arguments");

    const result = await sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 }, { capabilities: [crm] });
    await sandbox.close();

    expect(result.value).toEqual([{ ok: false, payload: "host.crm.lookup: the arguments are not a JSON array" }]);
  });

  test("host calls beyond the limit are refused", async () => {
    const sandbox = rogueSandbox("too-many-calls");

    const result = await sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 }, { capabilities: [crm] });
    await sandbox.close();

    expect((result.value as Array<{ ok: boolean }>).map((call) => call.ok)).toEqual([true, true, false, false]);
  });

  test("an unknown failure code becomes script-error", async () => {
    const sandbox = rogueSandbox("unknown-code");

    const outcome = await timed(sandbox.run("tenant-a", { code: "return {};", inputs: {}, timeoutMs: 2_000 }));
    await sandbox.close();

    expect(codeOf(outcome.error)).toBe("script-error");
  });
});
