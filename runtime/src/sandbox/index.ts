// The script sandbox: tenant JavaScript in isolated-vm isolates inside worker processes.
export { ScriptSandbox, type ScriptSandboxOptions, type SandboxRunOptions } from "./script-sandbox.js";
export type { SandboxWorkerStatus } from "./worker-pool.js";
export { ScriptSandboxError, type ScriptFailureCode } from "./script-failure.js";
export { DEFAULT_SCRIPT_LIMITS, type ScriptLimits } from "./script-limits.js";
export type { HostCallContext, HostFunction, SandboxRunResult, SandboxTiming, ScriptCapability } from "./sandbox-run.js";
export { defaultWorkerEntry } from "./worker-entry.js";
