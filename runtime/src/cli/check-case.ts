import { isDeepStrictEqual } from "node:util";

import type { Plan } from "@callflow/sdk";

import { nodeLabel } from "./flow-plans.js";
import { locateEvents } from "./located-events.js";
import type { SimulatedCallResult } from "./simulated-call.js";
import type { TestCase } from "./tests-file.js";

/**
 * Compares a simulated call with what its case expects and returns one message per mismatch;
 * none means the case passed. Values of sensitive variables are never printed.
 */
export function checkCase(testCase: TestCase, call: SimulatedCallResult, plan: Plan): string[] {
  const expected = testCase.expect;
  const failures: string[] = [];

  if (expected.ended !== undefined && call.result.reason !== expected.ended) {
    failures.push(`the call ended by ${call.result.reason}, expected ${expected.ended}`);
  }
  if (expected.path !== undefined) failures.push(...compareSequence("path", expected.path, pathOf(call)));
  if (expected.prompts !== undefined) failures.push(...compareSequence("prompts", expected.prompts, promptsHeard(call)));
  for (const [name, value] of Object.entries(expected.variables ?? {})) {
    const actual = asJson(call.result.variables[name]);

    if (isDeepStrictEqual(actual, value)) continue;
    const shown = plan.variables[name]?.sensitive ? "a different value (sensitive, not shown)" : JSON.stringify(actual) ?? "undefined";

    failures.push(`variable ${name} is ${shown}, expected ${JSON.stringify(value)}`);
  }
  return failures;
}

// Expected values come from JSON, so the actual value is compared in its JSON form: a member
// whose value is undefined is absent, and arrays lose the extra properties JSONata gives them.
function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);

  return text === undefined ? undefined : JSON.parse(text);
}

/** Nodes entered, in order, labelled as tests write them. */
export function pathOf(call: SimulatedCallResult): string[] {
  return locateEvents(call.events).flatMap(({ event, flow }) => (event.type === "node.entered" ? [nodeLabel(flow, event.nodeId)] : []));
}

/** Texts (or media URIs) of the prompts the caller heard; skipped prompts were not heard. */
export function promptsHeard(call: SimulatedCallResult): string[] {
  return call.events.flatMap((event) => (event.type === "prompt.played" && event.outcome !== "skipped" ? [event.text ?? event.media ?? ""] : []));
}

function compareSequence(what: string, expected: readonly string[], actual: readonly string[]): string[] {
  const index = expected.findIndex((item, i) => item !== actual[i]);
  const at = index === -1 ? expected.length : index;

  if (index === -1 && actual.length === expected.length) return [];
  const got = at < actual.length ? JSON.stringify(actual[at]) : "nothing more";
  const wanted = at < expected.length ? JSON.stringify(expected[at]) : "nothing more";

  return [`${what} differs at item ${at + 1}: expected ${wanted}, got ${got}; the call's ${what}: ${actual.map((a) => JSON.stringify(a)).join(", ")}`];
}
