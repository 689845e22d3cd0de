// Probe of two designs for one context per tenant isolate, shared by every call. First, the one
// the sandbox does not use: globalThis and every object reachable from it frozen by hand. Second,
// the one it uses: SES (ses 2.3.0) locks the context down, and each call runs in a compartment of
// its own. It prints, for each way a run might leave state for the next, whether the state survives.
//
//   node --no-node-snapshot runtime/bench/sandbox/frozen-context-probe.mjs
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

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

  process.stdout.write(`frozen context  ${name.padEnd(30)} first run: ${first.padEnd(70)} next run reads: ${second}\n`);
}
isolate.dispose();

// The same cases with SES: the first run in one compartment, the second in a new one.
const require = createRequire(import.meta.url);
const ses = fs.readFileSync(path.join(path.dirname(require.resolve("ses/package.json")), "dist", "ses.umd.min.js"), "utf8");
const realmIsolate = new ivm.Isolate({ memoryLimit: 32 });
const realm = realmIsolate.createContextSync();

realmIsolate.compileScriptSync(ses).runSync(realm);
realm.evalSync(`lockdown({ errorTaming: "unsafe", overrideTaming: "moderate", consoleTaming: "unsafe", reporting: "none" })`);
for (const [name, leave, read] of CASES) {
  const inCompartment = (code) => `new Compartment({ __options__: true }).evaluate(${JSON.stringify(code)})`;
  const first = evaluate(realm, inCompartment(leave));
  const second = evaluate(realm, inCompartment(read));

  process.stdout.write(`SES compartment ${name.padEnd(30)} first run: ${first.padEnd(70)} next run reads: ${second}\n`);
}
realmIsolate.dispose();
