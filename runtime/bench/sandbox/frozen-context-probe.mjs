// Probe of the design the sandbox does not use: one context per tenant isolate, shared by every
// call, with globalThis and every object reachable from it frozen. It prints, for each way a run
// might leave state for the next, whether the state survives in such a context.
//
//   node --no-node-snapshot runtime/bench/sandbox/frozen-context-probe.mjs
import ivm from "isolated-vm";

// Freezes globalThis and everything reachable from it through properties, accessors and
// prototypes, plus the intrinsics reachable only from syntax (generator and async functions).
const DEEP_FREEZE = `
  const seen = new Set();
  const freezeDeep = (value) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return;
    seen.add(value);
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if ("value" in descriptor) freezeDeep(descriptor.value);
      else {
        freezeDeep(descriptor.get);
        freezeDeep(descriptor.set);
      }
    }
    freezeDeep(Object.getPrototypeOf(value));
  };
  freezeDeep(globalThis);
  for (const fn of [async function () {}, function* () {}, async function* () {}]) freezeDeep(fn);
`;

// Each case: a first run that tries to leave state, and a second run that reads it back.
const CASES = [
  ["global assignment", `"use strict"; globalThis.left = "caller A"; 1`, `typeof left`],
  ["top-level let (script scope)", `let leftInScriptScope = "caller A"; 1`, `typeof leftInScriptScope === "string" ? leftInScriptScope : "nothing"`],
  ["RegExp legacy static", `/(card-\\d+)/.exec("paid with card-4242"); 1`, `RegExp.$1`],
  ["Object.prototype property", `"use strict"; Object.prototype.left = "caller A"; 1`, `typeof ({}).left`],
  ["override: error.name =", `"use strict"; const error = new Error("x"); error.name = "LookupError"; error.name`, `1`],
  ["override: object.toString =", `"use strict"; const object = {}; object.toString = () => "o"; String(object)`, `1`],
];

function evaluate(context, code) {
  try {
    return JSON.stringify(context.evalSync(code));
  } catch (error) {
    return `throws ${error.message}`;
  }
}

const isolate = new ivm.Isolate({ memoryLimit: 32 });
const context = isolate.createContextSync();

context.evalSync(DEEP_FREEZE);
for (const [name, leave, read] of CASES) {
  const first = evaluate(context, leave);
  const second = evaluate(context, read);

  process.stdout.write(`${name.padEnd(30)} first run: ${first.padEnd(70)} next run reads: ${second}\n`);
}
isolate.dispose();
