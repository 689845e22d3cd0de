/**
 * JavaScript that a worker runs in each fresh context before the tenant's code, as the body of a
 * function whose `$0` is the callback for host function calls. The runs of one call may use the
 * context one after another, so `start` resets the per-run state: the logs, the host call count
 * and the waiting host calls. It returns four functions:
 *
 * - `start(run, inputs, hostPaths, maxLogEntries, maxLogLength, maxHostCalls)` calls the compiled
 *   script with the parsed inputs, a `console` that buffers lines, and a frozen `host` object
 *   with one async function per granted path.
 * - `resume(callId, ok, payload)` settles the promise of a host function call.
 * - `takeOutcome()` returns the outcome once the script has settled, and undefined before. The
 *   outcome is one string, `kind NUL logsJson NUL dropped NUL payload`, because isolated-vm moves
 *   a string faster than it copies an array. Kind `value` has the result's JSON as its payload
 *   (empty when the script returned nothing), `thrown` the JSON of `{ name, message, line }`,
 *   and `invalid` the reason the result has no JSON form. JSON escapes NUL, so only the payload
 *   can contain one. isolated-vm runs the microtasks before a synchronous call returns, so a
 *   script that awaits nothing from the host has settled when `start` returns, and reading the
 *   outcome with a second synchronous call skips isolated-vm's asynchronous promise delivery.
 * - `readLogs()` returns the JSON of `[logs, dropped]`, for runs that were stopped.
 *
 * The harness keeps its own references to `JSON`, `Object.freeze`, `Reflect.apply` and
 * `Promise.prototype.then`, taken before tenant code runs. Tenant code that tampers with other
 * built-ins can only spoil the results of its own call's runs, which the worker checks like any
 * other. A script of an earlier run of the call that settles late cannot set the outcome of the
 * run in progress, because each run's settle callbacks check the run's number.
 */
export const HARNESS_SOURCE = String.raw`
// Atomics.waitAsync with a timeout aborts the worker process under isolated-vm 5.0.4 (SIGABRT,
// seen on Node.js 20.20). A script has no other agent to wait for, so it goes.
delete Atomics.waitAsync;
const requestHostCall = $0;
const { stringify, parse } = JSON;
const freeze = Object.freeze;
const apply = Reflect.apply;
const then = Promise.prototype.then;
let outcome;
let currentRun = 0;
const logs = [];
const waiting = new Map();
let dropped = 0;
let hostCalls = 0;
let limits = { maxLogEntries: 0, maxLogLength: 0, maxHostCalls: 0 };

function toText(value) {
  if (typeof value === "string") return value;
  try {
    const json = stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

function logger(level) {
  return (...values) => {
    if (logs.length >= limits.maxLogEntries) {
      dropped++;
      return;
    }
    const message = values.map(toText).join(" ");
    logs.push({ level, message: message.length > limits.maxLogLength ? message.slice(0, limits.maxLogLength) + "…" : message });
  };
}

const scriptConsole = freeze({ log: logger("info"), info: logger("info"), debug: logger("debug"), warn: logger("warn"), error: logger("error") });

function hostFunction(path) {
  return (...args) => {
    if (hostCalls >= limits.maxHostCalls) {
      return Promise.reject(new Error("host." + path + ": the script may call host functions at most " + limits.maxHostCalls + " times in one run"));
    }
    let json;
    try {
      json = stringify(args);
    } catch (error) {
      return Promise.reject(new TypeError("host." + path + ": the arguments are not JSON-compatible: " + toText(error && error.message)));
    }
    hostCalls++;
    const callId = hostCalls;
    return new Promise((resolve, reject) => {
      waiting.set(callId, { resolve, reject });
      requestHostCall(callId, path, json);
    });
  };
}

function buildHost(paths) {
  const host = {};
  for (const path of paths) {
    const [capability, name] = path.split(".");
    host[capability] ??= {};
    host[capability][name] = hostFunction(path);
  }
  for (const capability of Object.keys(host)) freeze(host[capability]);
  return freeze(host);
}

// Reads run the thrown value's own getters, which may throw in turn; the run must still settle.
function describeError(error) {
  try {
    if (error === null || (typeof error !== "object" && typeof error !== "function")) return { name: "", message: toText(error), line: 0 };
    const name = typeof error.name === "string" ? error.name : "Error";
    const message = typeof error.message === "string" ? error.message : toText(error);
    const stack = typeof error.stack === "string" ? error.stack : "";
    const match = /script\.js:(\d+)/.exec(stack);
    return { name, message, line: match ? Number(match[1]) : 0 };
  } catch {
    return { name: "", message: "a value whose properties cannot be read", line: 0 };
  }
}

function settle(kind, payload) {
  outcome = kind + "\0" + stringify(logs) + "\0" + dropped + "\0" + payload;
}

function settleValue(value) {
  let json;
  try {
    json = stringify(value);
  } catch (error) {
    settle("invalid", describeError(error).message);
    return;
  }
  if (json === undefined && value !== undefined) settle("invalid", "a " + typeof value + " has no JSON form");
  else settle("value", json === undefined ? "" : json);
}

function settleError(error) {
  settle("thrown", stringify(describeError(error)));
}

function start(run, inputs, hostPaths, maxLogEntries, maxLogLength, maxHostCalls) {
  const runNumber = ++currentRun;
  limits = { maxLogEntries, maxLogLength, maxHostCalls };
  outcome = undefined;
  logs.length = 0;
  dropped = 0;
  hostCalls = 0;
  waiting.clear();
  const onValue = (value) => {
    if (runNumber === currentRun) settleValue(value);
  };
  const onError = (error) => {
    if (runNumber === currentRun) settleError(error);
  };
  apply(then, run(parse(inputs), scriptConsole, buildHost(parse(hostPaths))), [onValue, onError]);
}

function takeOutcome() {
  const taken = outcome;
  outcome = undefined;
  return taken;
}

function resume(callId, ok, payload) {
  const call = waiting.get(callId);
  if (call === undefined) return;
  waiting.delete(callId);
  if (ok) call.resolve(payload === undefined ? undefined : parse(payload));
  else call.reject(new Error(payload));
}

return { start, resume, takeOutcome, readLogs: () => stringify([logs, dropped]) };
`;

/**
 * Wraps the harness as a function of `$0`. Compiled once per isolate, it runs in every context of
 * the isolate with the bytecode V8 compiled the first time: about 35 µs against 165 µs for
 * compiling it in each context (isolated-vm 5.0.4, Node.js 20, 2-core virtual machine).
 */
export function wrapHarness(): string {
  return `(function ($0) {${HARNESS_SOURCE}})`;
}

/**
 * Wraps tenant code as an async function of `inputs`, `console` and `host`. The code starts on
 * the wrapper's second line and compiles with line offset -1, so error lines match the editor's.
 */
export function wrapScript(code: string): string {
  return `(async function (inputs, console, host) { "use strict";\n${code}\n})`;
}

/** File name that stack traces and syntax errors of tenant code show. */
export const SCRIPT_FILE_NAME = "script.js";
