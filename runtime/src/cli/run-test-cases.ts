import type { CallEndReason, Logger, NodeServices, Plan } from "@callflow/sdk";

import { checkCase } from "./check-case.js";
import { parseIsoTime } from "./option-values.js";
import { runSimulatedCall, type SimulatedCallResult } from "./simulated-call.js";
import type { TestCase } from "./tests-file.js";

/** Outcome of one test case. */
export interface CaseResult {
  name: string;
  /** One message per expectation the call did not meet; empty when the case passed. */
  failures: string[];
  reason: CallEndReason;
  steps: number;
  durationMs: number;
}

/**
 * Runs test cases one after another as simulated calls and checks each. `onCall` receives
 * every call, for coverage. `services` are the node services of every call, if any.
 */
export async function runTestCases(
  cases: readonly TestCase[],
  plan: Plan,
  logger: Logger,
  onCall: (call: SimulatedCallResult) => void,
  services?: NodeServices,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];

  for (const testCase of cases) {
    const at = parseIsoTime(testCase.at);
    // The tests file schema has checked `at`, so it parses.
    const startMs = at.ok ? at.epochMs : Number.NaN;
    const call = await runSimulatedCall({
      plan,
      startMs,
      timeZone: testCase.timeZone,
      input: testCase.input,
      caller: testCase.caller,
      called: testCase.called,
      channelVariables: testCase.channelVariables,
      seed: testCase.seed,
      logger: logger.child({ testCase: testCase.name }),
      services,
    });

    onCall(call);
    results.push({
      name: testCase.name,
      failures: checkCase(testCase, call, plan),
      reason: call.result.reason,
      steps: call.result.steps,
      durationMs: call.result.durationMs,
    });
  }
  return results;
}
