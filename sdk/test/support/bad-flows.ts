import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { CompileOptions, ProblemCode, ProblemSeverity, ReferenceResolver } from "../../src/index.js";

/** A problem that a fixture expects. `nodeId` is absent for document-level problems. */
export interface ExpectedProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  nodeId?: string;
  pointer: string;
  /** Text the English message must contain, such as the path of a loop. */
  messageIncludes?: string;
}

/** Contents of `<name>.expected.json` beside a bad-flow fixture. */
export interface BadFlowExpectation {
  description: string;
  /** Compile options other than the registry. */
  options?: Pick<CompileOptions, "stepBudget" | "loopAllowance">;
  /** What the reference resolver finds, by name. */
  library?: {
    flows?: Record<string, unknown>;
    prompts?: Record<string, unknown>;
    calendars?: Record<string, unknown>;
  };
  problems: ExpectedProblem[];
}

/** One bad-flow fixture: the document text as the studio would save it, and its expectation. */
export interface BadFlowFixture {
  name: string;
  text: string;
  expected: BadFlowExpectation;
}

const FIXTURE_DIRECTORY = join(__dirname, "..", "fixtures", "bad-flows");
const EXPECTED_SUFFIX = ".expected.json";

/** Loads every `<name>.json` fixture with its `<name>.expected.json`, sorted by name. */
export function loadBadFlows(): BadFlowFixture[] {
  const files = readdirSync(FIXTURE_DIRECTORY).filter((file) => file.endsWith(".json") && !file.endsWith(EXPECTED_SUFFIX));

  return files.sort().map((file) => {
    const name = file.slice(0, -".json".length);
    const text = readFileSync(join(FIXTURE_DIRECTORY, file), "utf8");
    const expected = JSON.parse(readFileSync(join(FIXTURE_DIRECTORY, name + EXPECTED_SUFFIX), "utf8")) as BadFlowExpectation;

    return { name, text, expected };
  });
}

/** Builds a resolver that finds flows, prompts and calendars in a fixture's library. */
export function libraryResolver(library: BadFlowExpectation["library"] = {}): ReferenceResolver {
  // Own properties only, so a name such as "constructor" finds nothing.
  const find = (entries: Record<string, unknown> | undefined, name: string): unknown =>
    entries !== undefined && Object.hasOwn(entries, name) ? entries[name] : undefined;

  return {
    flow: (name) => find(library.flows, name),
    prompt: (name) => find(library.prompts, name),
    calendar: (name) => find(library.calendars, name),
  };
}
