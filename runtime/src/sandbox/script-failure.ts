import type { ScriptLogEntry } from "@callflow/nodes";

/** Causes of a failed script run, as {@link ScriptFailureCode} names them. */
export const SCRIPT_FAILURE_CODES = [
  "script-error",
  "script-syntax",
  "script-invalid-result",
  "script-invalid-input",
  "script-cpu-limit",
  "script-memory-limit",
  "script-timeout",
  "script-crashed",
  "script-quota",
  "script-unavailable",
  "script-cancelled",
] as const;

/** Cause of a failed script run. */
export type ScriptFailureCode =
  /** The script threw, or returned a rejected promise. */
  | "script-error"
  /** The code does not parse. */
  | "script-syntax"
  /** The return value is not JSON-compatible or is too large. */
  | "script-invalid-result"
  /** The inputs are not JSON-compatible or are too large. */
  | "script-invalid-input"
  | "script-cpu-limit"
  | "script-memory-limit"
  /** The wall-clock deadline passed. */
  | "script-timeout"
  /** The worker process died while running the script. */
  | "script-crashed"
  /** The tenant has too many runs executing and waiting. */
  | "script-quota"
  /** The sandbox is closed, or its worker processes cannot start. */
  | "script-unavailable"
  /** The run was aborted without a reason of its own. */
  | "script-cancelled";

/** A failed script run: the flow leaves the node by its `error` port with this code and message. */
export class ScriptSandboxError extends Error {
  readonly code: ScriptFailureCode;
  /** Lines the script logged before it failed, when the worker could still read them. */
  readonly logs: readonly ScriptLogEntry[];

  constructor(code: ScriptFailureCode, message: string, logs: readonly ScriptLogEntry[] = []) {
    super(message);
    this.name = "ScriptSandboxError";
    this.code = code;
    this.logs = logs;
  }
}

const atLine = (line: number): string => (line > 0 ? ` at line ${line}` : "");

// Names that Node.js or browsers offer and scripts do not have.
const HOST_ONLY_NAMES = new Set(["require", "process", "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "fetch", "XMLHttpRequest", "Buffer", "module", "exports", "structuredClone", "queueMicrotask"]);

/** Message texts, shared by the parent process and the worker processes. */
export const failureMessages = {
  thrown(name: string, message: string, line: number): string {
    const what = name === "" ? `the script threw ${message}` : `the script threw ${name}: ${message}`;

    if (name === "RangeError" && message.includes("call stack")) return `${what}${atLine(line)}; the recursion is too deep, so use a loop or recurse less deeply`;
    const missing = /^(\w+) is (?:not a function|not defined)$/.exec(message)?.[1];

    if (missing !== undefined && HOST_ONLY_NAMES.has(missing)) return `${what}${atLine(line)}; scripts have no ${missing}: they have no timers, modules, network or process of their own, and reach the platform through the host functions of their node`;
    if (name === "ReferenceError" && missing !== undefined) return `${what}${atLine(line)}; scripts run in strict mode, so declare the variable with let or const, or set a global of the call as globalThis.${missing}`;
    return `${what}${atLine(line)}`;
  },
  syntax(message: string, line: number): string {
    return `the script does not parse: ${message}${atLine(line)}; fix the code in the node's editor`;
  },
  /** Returns the message for code that ends inside a block, call, string or template, where V8 reports the wrapper's closing text. */
  unclosed(message: string, lastLine: number): string {
    return `the script does not parse: ${message} after its last line (${lastLine}); check that every {, (, [, quote and backtick is closed`;
  },
  /** Returns the message for code whose text SES rejected before running it (rule HTML_COMMENT or IMPORT). */
  rejected(rule: string, line: number): string {
    if (rule === "IMPORT") {
      return `the script contains "import("${atLine(line)}, which the sandbox rejects anywhere in the code, strings and comments included; scripts cannot load modules, so remove it or write the text as "import" + "("`;
    }
    return `the script contains "<!--" or "-->"${atLine(line)}, which the sandbox rejects anywhere in the code, strings and comments included; write the text as "<!" + "--" or "--" + ">"`;
  },
  cpu(limitMs: number): string {
    return `the script used more than its ${limitMs} ms of CPU time and was stopped; look for an endless loop, or do less work in one run`;
  },
  memory(limitMb: number): string {
    return `the script's isolate went over its ${limitMb} MB memory limit and was stopped; build smaller arrays, objects and strings`;
  },
  timeout(deadlineMs: number): string {
    return `the script did not finish within its ${deadlineMs} ms deadline and was stopped; look for a promise that never settles or a slow host call, or raise the node's timeoutMs`;
  },
  crashed(limitMb: number, exit: string): string {
    return (
      `the script's worker process crashed (${exit}) while running it and was restarted; this usually means the script ` +
      `allocated far beyond its ${limitMb} MB memory limit, so build smaller arrays, objects and strings`
    );
  },
  unresponsive(cpuTimeMs: number, limitMb: number): string {
    return (
      `the script's worker process stopped answering while it ran, beyond the ${cpuTimeMs} ms CPU limit, and was killed and restarted; ` +
      `this usually means the script allocated far beyond its ${limitMb} MB memory limit, so build smaller arrays, objects and strings`
    );
  },
  workerLost(): string {
    return "the script's worker process was restarted while the script ran, because of another script; the call can try the node again";
  },
  resultTooLong(length: number, limit: number): string {
    return `the script returned ${length} characters of JSON, more than the ${limit} allowed; return less data`;
  },
  resultNotJson(reason: string): string {
    return `the script's return value cannot be copied out as JSON (${reason}); return an object of text, numbers, booleans, arrays and objects`;
  },
  inputNotJson(reason: string): string {
    return `the inputs cannot be copied into the script as JSON (${reason}); pass variables holding text, numbers, booleans, arrays and objects`;
  },
  inputTooLong(length: number, limit: number): string {
    return `the inputs are ${length} characters of JSON, more than the ${limit} allowed; pass fewer or smaller variables`;
  },
  quota(tenantId: string, running: number, queued: number): string {
    return (
      `tenant ${tenantId} is at its script quota (${running} running, ${queued} waiting), so the run was rejected; ` +
      "ask the platform operator for a higher quota if calls need more scripts at once"
    );
  },
} as const;
