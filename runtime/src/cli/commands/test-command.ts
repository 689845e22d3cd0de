import type { Logger, NodeServices } from "@callflow/sdk";

import { createCliLogger } from "../cli-logger.js";
import type { Command, CommandContext } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { CoverageRecorder, coverageTargets, formatPercent, type CoverageReport } from "../coverage.js";
import { openNodeServices } from "../cli-node-services.js";
import { collectPlans } from "../flow-plans.js";
import { formatProblem, plural, problemJson } from "../format-problems.js";
import { loadFlowFile, type FileProblem } from "../load-flow.js";
import { parseLocaleOption, parseMinCoverageOption } from "../option-values.js";
import { runTestCases, type CaseResult } from "../run-test-cases.js";
import { readTestsFile } from "../tests-file.js";
import { EXIT_FAILURE, EXIT_OK, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow test [options] FILE...

Runs the test cases in the tests.json beside each flow file as simulated calls, checks what
each case expects, and reports the coverage of the flow and its subflows: the nodes entered
and the ports taken, out of every node and every port the nodes declare (an error port counts
only where it is connected). Uncovered nodes and ports are listed by id.

Options:
  --min-coverage PCT   fail a flow whose node or port coverage is below PCT percent
                       (default: 0)
  --json               print one JSON object with every case and the coverage
  --library DIR        folder holding flows/, prompts/ and calendars/
                       (default: the folder of each flow file)
  --connectors FILE    YAML or JSON file of the connectors, secrets and egress allow-list
                       that nodes such as data.query use (default: the
                       connectors.yaml beside the flow files or in their parent folder,
                       if any)
  --locale LOCALE      language of problem messages: en, zh-Hans or zh-Hant (default: en)
  --verbose            log to standard error
  -h, --help           show this help

tests.json:
  { "cases": [ { "name": "...", "at": "2026-12-07T10:00:00+08:00", "input": "1@4s,2",
                 "timeZone": "Asia/Taipei", "caller": "...", "called": "...", "seed": 1,
                 "expect": { "path": [...], "variables": {...}, "prompts": [...],
                             "ended": "completed" } } ] }
  Print its JSON Schema with: callflow schema tests

Exit codes: 0 every case passed at the minimum coverage, 1 a case failed, coverage is below the
minimum or a file has errors, 2 a wrong command line.

Example:
  callflow test --min-coverage 100 examples/*/flow.json
`;

/** Result of `callflow test` for one flow file. */
interface FlowTestResult {
  file: string;
  ok: boolean;
  problems: FileProblem[];
  /** Problems of the tests.json file. */
  testsFileProblems: string[];
  cases: CaseResult[];
  coverage: CoverageReport | undefined;
  coverageOk: boolean;
}

/** `callflow test FILE...`: runs each flow's test cases and reports coverage. */
export const testCommand: Command = {
  name: "test",
  summary: "run the test cases in tests.json beside each flow and report coverage",
  help: HELP,
  options: {
    ...COMMON_OPTIONS,
    "min-coverage": { type: "string" },
    json: { type: "boolean" },
    library: { type: "string" },
    locale: { type: "string" },
    connectors: { type: "string" },
  },
  async run(line, context) {
    const minCoverage = parseMinCoverageOption("test", line.values["min-coverage"] as string | undefined);
    const locale = parseLocaleOption("test", line.values.locale as string | undefined);

    if (line.positionals.length === 0) throw new UsageError("name at least one flow file, such as callflow test examples/*/flow.json", "test");
    const logger = createCliLogger(line.values.verbose === true, context.io);
    const nodeServices = await openNodeServices(line.values.connectors as string | undefined, { command: "test", files: line.positionals }, context);

    if (nodeServices === null) return EXIT_FAILURE;
    const options = { libraryRoot: line.values.library as string | undefined, locale, minCoverage, logger, services: nodeServices.services };
    const results: FlowTestResult[] = [];

    try {
      for (const file of line.positionals) results.push(await testFlowFile(file, options, context));
    } finally {
      await nodeServices.close();
    }
    const ok = results.every((r) => r.ok);

    if (line.values.json) context.io.stdout(JSON.stringify({ ok, minCoverage, files: results.map(resultJson) }, null, 2) + "\n");
    else printResults(results, minCoverage, context);
    return ok ? EXIT_OK : EXIT_FAILURE;
  },
};

interface TestOptions {
  libraryRoot: string | undefined;
  locale: "en" | "zh-Hans" | "zh-Hant";
  minCoverage: number;
  logger: Logger;
  services: NodeServices | undefined;
}

async function testFlowFile(file: string, options: TestOptions, { cwd }: CommandContext): Promise<FlowTestResult> {
  const loaded = loadFlowFile(file, { cwd, libraryRoot: options.libraryRoot, locale: options.locale });
  const result: FlowTestResult = { file, ok: false, problems: loaded.problems, testsFileProblems: [], cases: [], coverage: undefined, coverageOk: false };

  if (loaded.plan === undefined) return result;
  const tests = readTestsFile(loaded.absolutePath);

  if (!tests.ok) {
    result.testsFileProblems = tests.problems.map((problem) => `${tests.file}: ${problem}`);
    return result;
  }
  const plans = collectPlans(loaded.plan);
  const recorder = new CoverageRecorder();

  result.cases = await runTestCases(tests.tests.cases, loaded.plan, options.logger, (call) => recorder.record(call.events), options.services);
  result.coverage = recorder.report(coverageTargets(plans));
  result.coverageOk = result.coverage.nodes.percent >= options.minCoverage && result.coverage.ports.percent >= options.minCoverage;
  result.ok = result.coverageOk && result.cases.every((c) => c.failures.length === 0);
  return result;
}

function printResults(results: readonly FlowTestResult[], minCoverage: number, { io }: CommandContext): void {
  for (const result of results) {
    io.stdout(`${result.file}\n`);
    for (const p of result.problems) io.stdout(`  ${formatProblem(p)}\n`);
    for (const problem of result.testsFileProblems) io.stdout(`  ${problem}\n`);
    for (const c of result.cases) {
      io.stdout(`  ${c.failures.length === 0 ? "ok    " : "FAILED"}  ${c.name} (${c.reason} after ${plural(c.steps, "step")})\n`);
      for (const failure of c.failures) io.stdout(`          ${failure}\n`);
    }
    if (result.coverage !== undefined) io.stdout(formatCoverage(result.coverage, result.coverageOk, minCoverage));
  }
  const cases = results.flatMap((r) => r.cases);
  const failedCases = cases.filter((c) => c.failures.length > 0).length;
  const failedFlows = results.filter((r) => !r.ok).length;

  io.stdout(
    `${plural(results.length, "flow")}, ${plural(cases.length, "case")}: ${cases.length - failedCases} passed, ${failedCases} failed; ` +
      `${failedFlows === 0 ? "every flow passed" : `${plural(failedFlows, "flow")} failed`}` +
      `${minCoverage > 0 ? ` (minimum coverage ${formatPercent(minCoverage)})` : ""}\n`,
  );
}

function formatCoverage(coverage: CoverageReport, ok: boolean, minCoverage: number): string {
  const { nodes, ports } = coverage;
  const below = ok ? "" : ` - below the minimum of ${formatPercent(minCoverage)}`;
  const lines = [`  coverage: nodes ${nodes.covered}/${nodes.total} (${formatPercent(nodes.percent)}), ports ${ports.covered}/${ports.total} (${formatPercent(ports.percent)})${below}`];

  if (nodes.uncovered.length > 0) lines.push(`  nodes not covered: ${nodes.uncovered.join(", ")}`);
  if (ports.uncovered.length > 0) lines.push(`  ports not covered: ${ports.uncovered.join(", ")}`);
  return lines.join("\n") + "\n";
}

function resultJson(result: FlowTestResult): Record<string, unknown> {
  return { ...result, problems: result.problems.map(problemJson) };
}
