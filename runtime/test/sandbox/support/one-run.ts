// Runs one script, prints its value, and then closes the sandbox when the first argument is
// `close`, or ends without closing it. Tests start it with the TypeScript hooks to check that
// the process exits either way.
import { fileURLToPath } from "node:url";

import { ScriptSandbox } from "../../../src/sandbox/index.js";

const hooks = fileURLToPath(new URL("../../store/support/register-hooks.mjs", import.meta.url));
const sandbox = new ScriptSandbox({ workers: 1, worker: { execArgv: ["--import", hooks] } });
const result = await sandbox.run("tenant-a", { code: "return { ok: true };", inputs: {}, timeoutMs: 5_000 });

process.stdout.write(`${JSON.stringify(result.value)}\n`);
if (process.argv[2] === "close") {
  await sandbox.close();
  process.stdout.write("closed\n");
}
