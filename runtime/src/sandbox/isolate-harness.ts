import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * JavaScript that a worker runs once in each tenant isolate's one context (the realm), after SES
 * (the `ses` package) has been loaded there, as the body of a function whose `$0` is the
 * callback for host function calls. It takes the powerful `Math.random`, `Date` and `Intl`, then
 * calls SES's `lockdown()`, which freezes every shared built-in of the context: prototypes,
 * constructors, `JSON`, `Promise` and the rest. Tenant code never runs in the realm's own global
 * scope. Each call gets an SES `Compartment`: a global object of its own over the frozen
 * built-ins, so a global that one call sets is not there for the next, and no call can change a
 * built-in that another call uses. A compartment with its first script costs about 40 µs, where
 * a fresh V8 context cost about 270 µs (measured in process on a 2-core VM, isolated-vm 5.0.4).
 *
 * The harness returns seven functions. Each run is known by the parent's run id:
 *
 * - `start(runId, scope, code, inputs, hostPaths, maxLogEntries, maxLogLength, maxHostCalls, now)`
 *   runs the tenant code in the compartment of call `scope`, created at the call's first run,
 *   or in a compartment of the run's own when `scope` is 0. The code is the body of an async
 *   function of `inputs`, `console` and `host`. Each run gets its own `console`, which buffers
 *   lines, and a frozen `host` object with one async function per granted path. The
 *   compartment's `Date` reads the time `now` at the start of the run, and the time moves on
 *   from there as the real clock does.
 * - `resume(runId, callId, ok, payload)` settles the promise of a host function call.
 * - `takeOutcome(runId)` returns the outcome once the script has settled, and undefined before. The
 *   outcome is one string, `kind NUL logsJson NUL dropped NUL payload`, because isolated-vm moves
 *   a string faster than it copies an array. Kind `value` has the result's JSON as its payload
 *   (empty when the script returned nothing), `thrown` the JSON of `{ name, message, line }`,
 *   `invalid` the reason the result has no JSON form, and `rejected` the JSON of `{ rule, line }`
 *   when SES rejected the code's text. JSON escapes NUL, so only the payload
 *   can contain one. isolated-vm runs the microtasks before a synchronous call returns, so a
 *   script that awaits nothing from the host has settled when `start` returns.
 * - `readLogs(runId)` returns the JSON of `[logs, dropped]`, for runs that were stopped.
 * - `finish(runId)` removes the run's record. A compartment of the run's own goes with it; a
 *   call's compartment stays.
 * - `dropScope(scope)` removes the compartment of a call.
 * - `scopes()` returns how many call compartments the realm keeps, for tests.
 *
 * State of a run lives in its own record, so code of an earlier run that resumes late (a
 * promise it left, a host call that returns after the run ended) writes only to that record.
 */
export const HARNESS_SOURCE = String.raw`
// Atomics.waitAsync with a timeout aborts the worker process under isolated-vm 5.0.4 (SIGABRT,
// seen on Node.js 20.20). A script has no other agent to wait for, so it goes.
delete Atomics.waitAsync;
const requestHostCall = $0;
const random = Math.random;
const PowerfulDate = Date;
const PlatformIntl = Intl;

lockdown({ errorTaming: "unsafe", overrideTaming: "moderate", consoleTaming: "unsafe", stackFiltering: "verbose", reporting: "none" });

const { stringify, parse } = JSON;
const { freeze, defineProperties, getOwnPropertyDescriptors } = Object;
const apply = Reflect.apply;
const then = Promise.prototype.then;
const exec = RegExp.prototype.exec;
const SCRIPT_LINE = /script\.js:(\d+)/;
// SES evaluates code as text, so before it runs the code it rejects the sequences that would let
// code escape that text: "<!--" and "-->" (HTML-like comments) and "import(", even inside strings
// and comments. It reports them as "... rejected at script.js:LINE. (SES_HTML_COMMENT_REJECTED)".
const SES_REJECTION = /at script\.js:(\d+)\. \(SES_(HTML_COMMENT|IMPORT)_REJECTED\)/;
// A direct eval(...) in the code calls the compartment's eval, which runs in the compartment's
// global scope as an indirect eval does. SES rejects the text "eval(" by default for that
// surprise, and the rejection also hit strings and comments.
const EVALUATE_OPTIONS = { __rejectSomeDirectEvalExpressions__: false };

// Compartments get Math with the random numbers that lockdown takes from them, Intl, which
// lockdown does not freeze, and the Date below. harden() freezes each of them and everything it
// reaches, so they carry no state from one call to the next.
const SafeMath = harden(defineProperties({}, { ...getOwnPropertyDescriptors(Math), random: { value: random, writable: false, enumerable: false, configurable: false } }));
harden(PowerfulDate);
harden(PlatformIntl);
// SES keeps the float arrays out of compartments for a NaN side channel: two pieces of code
// that exchange a NaN can pass bits in its payload. That needs a channel between them already,
// so the compartments get them too.
const endowments = { Math: SafeMath, Intl: PlatformIntl, Float32Array: harden(Float32Array), Float64Array: harden(Float64Array) };
const realNow = PowerfulDate.now;

const runs = new Map();
const scopes = new Map();

// The Date of every compartment. Its clock runs offsetMs ahead of the real one, and start and
// resume set offsetMs to the run's own before its code runs, so each call reads its session's
// time. Dates it makes share the frozen Date.prototype, and offsetMs is out of the script's reach.
let offsetMs = 0;
const now = () => realNow() + offsetMs;
function CallDate(...args) {
  if (new.target === undefined) return new PowerfulDate(now()).toString();
  return Reflect.construct(PowerfulDate, args.length === 0 ? [now()] : args, new.target);
}
defineProperties(CallDate, {
  prototype: { value: PowerfulDate.prototype, writable: false, enumerable: false, configurable: false },
  now: { value: now, writable: true, enumerable: false, configurable: true },
  parse: { value: PowerfulDate.parse, writable: true, enumerable: false, configurable: true },
  UTC: { value: PowerfulDate.UTC, writable: true, enumerable: false, configurable: true },
});
endowments.Date = harden(CallDate);

function newScope() {
  return { compartment: new Compartment({ globals: endowments, __options__: true }), functions: new Map() };
}

function toText(value) {
  if (typeof value === "string") return value;
  try {
    if (value instanceof Error) return value.name + ": " + value.message;
    if (value instanceof Map) return "Map " + stringify([...value]);
    if (value instanceof Set) return "Set " + stringify([...value]);
    const json = stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

function logger(run, level) {
  return (...values) => {
    if (run.logs.length >= run.limits.maxLogEntries) {
      run.dropped++;
      return;
    }
    const message = values.map(toText).join(" ");
    run.logs.push({ level, message: message.length > run.limits.maxLogLength ? message.slice(0, run.limits.maxLogLength) + "…" : message });
  };
}

function consoleFor(run) {
  return freeze({ log: logger(run, "info"), info: logger(run, "info"), debug: logger(run, "debug"), warn: logger(run, "warn"), error: logger(run, "error") });
}

function hostFunction(run, path) {
  return (...args) => {
    if (run.hostCalls >= run.limits.maxHostCalls) {
      return Promise.reject(new Error("host." + path + ": the script may call host functions at most " + run.limits.maxHostCalls + " times in one run"));
    }
    let json;
    try {
      json = stringify(args);
    } catch (error) {
      return Promise.reject(new TypeError("host." + path + ": the arguments are not JSON-compatible: " + toText(error && error.message)));
    }
    run.hostCalls++;
    const callId = run.hostCalls;
    return new Promise((resolve, reject) => {
      run.waiting.set(callId, { resolve, reject });
      requestHostCall(run.id, callId, path, json);
    });
  };
}

function buildHost(run, paths) {
  const host = {};
  for (const path of paths) {
    const [capability, name] = path.split(".");
    host[capability] ??= {};
    host[capability][name] = hostFunction(run, path);
  }
  for (const capability of Object.keys(host)) freeze(host[capability]);
  return freeze(host);
}

// Reads run the thrown value's own getters, which may throw in turn; the run must still settle.
// The script starts on the second line of the text the compartment evaluates, hence the - 1.
function describeError(error) {
  try {
    if (error === null || (typeof error !== "object" && typeof error !== "function")) return { name: "", message: toText(error), line: 0 };
    const name = typeof error.name === "string" ? error.name : "Error";
    const message = typeof error.message === "string" ? error.message : toText(error);
    const stack = typeof error.stack === "string" ? error.stack : "";
    const match = apply(exec, SCRIPT_LINE, [stack]);
    return { name, message, line: match ? Math.max(0, Number(match[1]) - 1) : 0 };
  } catch {
    return { name: "", message: "a value whose properties cannot be read", line: 0 };
  }
}

function settle(run, kind, payload) {
  if (run.settled) return;
  run.settled = true;
  run.outcome = kind + "\0" + stringify(run.logs) + "\0" + run.dropped + "\0" + payload;
}

function settleValue(run, value) {
  let json;
  try {
    json = stringify(value);
  } catch (error) {
    settle(run, "invalid", describeError(error).message);
    return;
  }
  if (json === undefined && value !== undefined) settle(run, "invalid", "a " + typeof value + " has no JSON form");
  else settle(run, "value", json === undefined ? "" : json);
}

function settleError(run, error) {
  settle(run, "thrown", stringify(describeError(error)));
}

function wrap(code) {
  return "(async function (inputs, console, host) { \"use strict\";\n" + code + "\n})\n//# sourceURL=script.js\n";
}

function start(runId, scopeId, code, inputs, hostPaths, maxLogEntries, maxLogLength, maxHostCalls, nowMs) {
  let scope = scopeId === 0 ? undefined : scopes.get(scopeId);
  if (scope === undefined) {
    scope = newScope();
    if (scopeId !== 0) scopes.set(scopeId, scope);
  }
  offsetMs = nowMs - realNow();
  const run = { id: runId, offsetMs, limits: { maxLogEntries, maxLogLength, maxHostCalls }, logs: [], dropped: 0, hostCalls: 0, waiting: new Map(), outcome: undefined, settled: false };
  runs.set(runId, run);
  let script = scope.functions.get(code);
  if (script === undefined) {
    try {
      script = scope.compartment.evaluate(wrap(code), EVALUATE_OPTIONS);
    } catch (error) {
      const rejected = apply(exec, SES_REJECTION, [toText(error && error.message)]);
      if (rejected) settle(run, "rejected", stringify({ rule: rejected[2], line: Math.max(0, Number(rejected[1]) - 1) }));
      else settleError(run, error);
      return;
    }
    scope.functions.set(code, script);
  }
  apply(then, script(parse(inputs), consoleFor(run), buildHost(run, parse(hostPaths))), [(value) => settleValue(run, value), (error) => settleError(run, error)]);
}

function takeOutcome(runId) {
  const run = runs.get(runId);
  if (run === undefined) return undefined;
  const outcome = run.outcome;
  run.outcome = undefined;
  return outcome;
}

function resume(runId, callId, ok, payload) {
  const run = runs.get(runId);
  const call = run?.waiting.get(callId);
  if (call === undefined) return;
  run.waiting.delete(callId);
  offsetMs = run.offsetMs;
  if (ok) call.resolve(payload === undefined ? undefined : parse(payload));
  else call.reject(new Error(payload));
}

function readLogs(runId) {
  const run = runs.get(runId);
  return stringify(run === undefined ? [[], 0] : [run.logs, run.dropped]);
}

function finish(runId) {
  const run = runs.get(runId);
  if (run === undefined) return;
  runs.delete(runId);
  run.waiting.clear();
}

function dropScope(scopeId) {
  scopes.delete(scopeId);
}

return { start, resume, takeOutcome, readLogs, finish, dropScope, scopes: () => scopes.size };
`;

/** Wraps the harness as a function of `$0`, the callback for host function calls. */
export function wrapHarness(): string {
  return `(function ($0) {${HARNESS_SOURCE}})`;
}

/**
 * Wraps tenant code as an async function of `inputs`, `console` and `host`, as the harness
 * does. The worker compiles this once per script to report syntax errors with the line in the
 * editor: the code starts on the wrapper's second line, so it compiles with line offset -1.
 */
export function wrapScript(code: string): string {
  return `(async function (inputs, console, host) { "use strict";\n${code}\n})`;
}

/** File name that stack traces and syntax errors of tenant code show. */
export const SCRIPT_FILE_NAME = "script.js";

let sesSource: string | undefined;

/** Returns the source of SES (`ses` 2.3.0, `dist/ses.umd.min.js`), read once per worker process. */
export function sesBundle(): string {
  if (sesSource === undefined) {
    const require = createRequire(import.meta.url);

    sesSource = fs.readFileSync(path.join(path.dirname(require.resolve("ses/package.json")), "dist", "ses.umd.min.js"), "utf8");
  }
  return sesSource;
}
