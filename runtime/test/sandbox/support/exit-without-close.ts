// Runs one script and ends without closing the sandbox, to show that idle workers do not keep
// the process alive. Started by a test with the TypeScript hooks.
import { fileURLToPath } from "node:url";

import { ScriptSandbox } from "../../../src/sandbox/index.js";

const hooks = fileURLToPath(new URL("../../store/support/register-hooks.mjs", import.meta.url));
const sandbox = new ScriptSandbox({ workers: 1, worker: { execArgv: ["--import", hooks] } });
const result = await sandbox.run("tenant-a", { code: "return { ok: true };", inputs: {}, timeoutMs: 5_000 });

process.stdout.write(`${JSON.stringify(result.value)}\n`);
