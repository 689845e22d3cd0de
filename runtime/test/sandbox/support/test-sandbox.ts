import path from "node:path";

import { ScriptSandbox, type ScriptSandboxOptions } from "../../../src/sandbox/index.js";

// Under Jest the worker entry is worker-main.ts, so the workers load the TypeScript hooks that
// the store tests' child processes use.
const REGISTER_HOOKS = path.join(__dirname, "..", "..", "store", "support", "register-hooks.mjs");

/** A sandbox whose worker processes run the TypeScript sources. Close it in afterAll. */
export function createTestSandbox(options: ScriptSandboxOptions = {}): ScriptSandbox {
  return new ScriptSandbox({ ...options, worker: { execArgv: ["--import", REGISTER_HOOKS], ...options.worker } });
}
