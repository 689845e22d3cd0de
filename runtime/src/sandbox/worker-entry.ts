import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Returns the path of the worker entry point beside this module: `worker-main.js` in the build,
 * or `worker-main.ts` when the sources run directly, as under Jest. A `.ts` entry needs a
 * TypeScript loader in the sandbox's `worker.execArgv`.
 */
export function defaultWorkerEntry(): string {
  const file = thisModuleFile();

  return path.join(path.dirname(file), `worker-main${path.extname(file)}`);
}

// ESM has no __filename, and the Jest build (CommonJS) cannot parse `import.meta`, so the file
// name comes from V8's structured stack trace: the first call site is this function itself.
function thisModuleFile(): string {
  const original = Error.prepareStackTrace;

  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const callSites = new Error().stack as unknown as NodeJS.CallSite[];
    const name = callSites[0]?.getFileName();

    if (name === undefined || name === null) throw new Error("the script sandbox cannot find its own module file; set the worker entry in its options");
    return name.startsWith("file:") ? fileURLToPath(name) : name;
  } finally {
    Error.prepareStackTrace = original;
  }
}
