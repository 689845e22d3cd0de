import type { Logger } from "@callflow/sdk";

import type { HostCallMessage } from "./sandbox-protocol.js";
import type { HostFunction, SandboxRun, ScriptCapability } from "./sandbox-run.js";
import type { SandboxWorker } from "./sandbox-worker.js";

const IDENTIFIER = /^[a-z][A-Za-z0-9]{0,63}$/;

/** Indexes the capabilities' functions by `capability.function` path; throws a TypeError on a name that is not an identifier. */
export function collectHostFunctions(capabilities: readonly ScriptCapability[]): Map<string, HostFunction> {
  const functions = new Map<string, HostFunction>();

  for (const capability of capabilities) {
    if (!IDENTIFIER.test(capability.name)) throw new TypeError(`script capability name "${capability.name}" is not a lower camel case identifier`);
    for (const [name, fn] of Object.entries(capability.functions)) {
      if (!IDENTIFIER.test(name)) throw new TypeError(`host function "${capability.name}.${name}" is not named by a lower camel case identifier`);
      functions.set(`${capability.name}.${name}`, fn);
    }
  }
  return functions;
}

/**
 * Runs a host function that a script called and sends the outcome back to the worker. The
 * arguments and the result cross as JSON text, so the script and the host function never share an
 * object. A failure reaches the script as a rejected promise with the function's message.
 */
export function handleHostCall(run: SandboxRun, worker: SandboxWorker, message: HostCallMessage, logger: Logger): void {
  const { path, callId } = message;
  const fn = run.hostFunctions.get(path);
  const reply = (ok: boolean, payload: string | undefined): void => {
    if (run.state === "running" && worker.runs.get(run.id) === run) worker.send({ type: "host-result", id: run.id, callId, ok, payload });
  };

  // The harness enforces these too; the worker runs tenant code, so the parent checks again.
  run.hostCalls++;
  if (fn === undefined) {
    reply(false, `host.${path} is not granted to this tenant's scripts`);
    return;
  }
  if (run.hostCalls > run.limits.maxHostCalls) {
    reply(false, `host.${path}: the script may call host functions at most ${run.limits.maxHostCalls} times in one run`);
    return;
  }
  const args = parseArguments(message.args);

  if (args === undefined) {
    reply(false, `host.${path}: the arguments are not a JSON array`);
    return;
  }
  Promise.resolve()
    .then(() => fn(args, { signal: run.ended }))
    .then(
      (value) => reply(true, encodeResult(path, value, run.limits.maxInputLength)),
      (error: unknown) => {
        logger.warn({ err: error, tenantId: run.tenantId, runId: run.id, hostFunction: path }, "host function failed");
        reply(false, `host.${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    )
    .catch((error: unknown) => reply(false, error instanceof Error ? error.message : String(error)));
}

function parseArguments(text: string): unknown[] | undefined {
  try {
    const args: unknown = JSON.parse(text);

    return Array.isArray(args) ? args : undefined;
  } catch {
    return undefined;
  }
}

// Throws when the value cannot go back to the script, and the caller turns that into a rejection.
function encodeResult(path: string, value: unknown, maxLength: number): string | undefined {
  const json = JSON.stringify(value);

  if (json !== undefined && json.length > maxLength) throw new Error(`host.${path} returned ${json.length} characters of JSON, more than the ${maxLength} allowed`);
  return json;
}
