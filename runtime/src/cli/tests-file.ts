import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { CallerScriptError, isValidTimeZone, parseCallerScript } from "@callflow/sdk";
import { z } from "zod";

import { formatIssuePath } from "../library/issue-path.js";
import { parseJsonText } from "../library/json-text.js";
import { parseIsoTime } from "./option-values.js";

/** Name of the file of test cases, beside each flow file. */
export const TESTS_FILE_NAME = "tests.json";

const isoTime = z.string({ error: "at is missing; give the call's start time, such as 2026-12-07T10:00:00+08:00" }).superRefine((text, ctx) => {
  const result = parseIsoTime(text);

  if (!result.ok) ctx.addIssue({ code: "custom", message: `"${text}" ${result.reason}` });
});

const callerScript = z.string().superRefine((text, ctx) => {
  try {
    parseCallerScript(text);
  } catch (error) {
    if (!(error instanceof CallerScriptError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
  }
});

/** Expectations of a case. Every field is optional and checked only when given. */
export const caseExpectationSchema = z.strictObject({
  /** Node ids entered, in order, the whole way; subflow nodes are written `subflow/node`. */
  path: z.array(z.string().min(1)).optional(),
  /** Variables of the main flow at the end of the call that must have these values. */
  variables: z.record(z.string(), z.unknown()).optional(),
  /** Texts of the prompts the caller heard (played or interrupted, not skipped), in order. */
  prompts: z.array(z.string()).optional(),
  /** Reason the call ended. */
  ended: z.enum(["completed", "hangup", "error", "step-limit"]).optional(),
});

/** One test case: a simulated call and what it must do. */
export const testCaseSchema = z.strictObject({
  name: z.string({ error: "name is missing; give the case a short name" }).min(1, "name is empty; give the case a short name"),
  caller: z.string().min(1).optional(),
  called: z.string().min(1).optional(),
  /** Channel variables present when the call arrives, as a dialplan or an earlier flow sets them. */
  channelVariables: z.record(z.string().min(1), z.string()).optional(),
  /** Start of the call, ISO 8601 with a UTC offset. */
  at: isoTime,
  /** IANA time zone of the call's site. Default UTC. */
  timeZone: z.string().refine(isValidTimeZone, { message: "is not a known IANA time zone; use a name such as Asia/Taipei" }).optional(),
  /** Caller script, as `callflow run --input` takes it. */
  input: callerScript.optional(),
  /** Seed of the random generator (percentage splits). Default 1. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  expect: caseExpectationSchema,
});

/**
 * The `tests.json` file beside a flow.
 *
 * @example
 * { "cases": [ { "name": "balance in Mandarin", "at": "2026-12-07T10:00:00+08:00", "input": "1@4s,1@8s",
 *                "expect": { "ended": "completed" } } ] }
 */
export const testsFileSchema = z.strictObject({
  description: z.string().optional(),
  cases: z.array(testCaseSchema, { error: 'cases is missing; list the test cases under "cases"' }).min(1, "cases is empty; add at least one case"),
});

export type TestCase = z.output<typeof testCaseSchema>;
export type TestsFile = z.output<typeof testsFileSchema>;

/** Outcome of {@link readTestsFile}: the cases, or every problem of the file. */
export type TestsFileResult = { ok: true; file: string; tests: TestsFile } | { ok: false; file: string; problems: string[] };

/** Reads and validates the `tests.json` beside a flow file. */
export function readTestsFile(flowPath: string): TestsFileResult {
  const file = path.join(path.dirname(flowPath), TESTS_FILE_NAME);
  const fail = (problem: string): TestsFileResult => ({ ok: false, file, problems: [problem] });

  if (!existsSync(file)) return fail(`there is no ${TESTS_FILE_NAME} beside the flow; create one with { "cases": [ ... ] }`);
  let raw: unknown;

  try {
    raw = parseJsonText(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}; fix the syntax near that position`);
  }
  const result = testsFileSchema.safeParse(raw);
  const issues = result.success ? [] : result.error.issues.map((issue) => `${caseLabel(raw, issue.path)}${formatIssuePath(issue.path)}: ${issue.message}`);
  const problems = [...issues, ...duplicateNames(raw)];

  if (result.success && problems.length === 0) return { ok: true, file, tests: result.data };
  return { ok: false, file, problems };
}

// Checked on the raw file rather than in the schema, because zod skips an object's refinements
// while any of its fields is invalid, and a duplicate name should be listed with the rest.
function duplicateNames(raw: unknown): string[] {
  const cases = (raw as { cases?: unknown } | null)?.cases;
  const seen = new Set<string>();
  const problems: string[] = [];

  if (!Array.isArray(cases)) return [];
  cases.forEach((testCase: { name?: unknown } | null, index) => {
    const name = testCase?.name;

    if (typeof name !== "string") return;
    if (seen.has(name)) problems.push(`cases[${index}].name: "${name}" is the name of an earlier case; give each case its own name`);
    seen.add(name);
  });
  return problems;
}

// Names the case an issue is in, so a person finds it by name as well as by index.
function caseLabel(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const [first, index] = issuePath;
  const name = first === "cases" && typeof index === "number" ? (raw as { cases?: Array<{ name?: unknown }> }).cases?.[index]?.name : undefined;

  return typeof name === "string" ? `case "${name}": ` : "";
}
