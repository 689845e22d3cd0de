import { reportExpressionModes, type ExpressionModeReport } from "@callflow/sdk";

import type { Command } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { countProblems, formatProblem, plural, problemJson } from "../format-problems.js";
import { loadFlowFile } from "../load-flow.js";
import { parseLocaleOption } from "../option-values.js";
import { EXIT_FAILURE, EXIT_OK, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow validate [options] FILE...

Checks flow documents and lists every problem of every file, errors and warnings: the file,
the JSON pointer, the severity, the problem code, the node and a message that says how to fix
it. The subflows a flow calls are checked as well. Warnings do not fail the check.

Options:
  --json             print one JSON object: { ok, files: [{ file, ok, problems }] }
  --library DIR      folder holding flows/, prompts/ and calendars/
                     (default: the folder of each flow file)
  --locale LOCALE    language of problem messages: en, zh-Hans or zh-Hant (default: en)
  --verbose          log to standard error
  -h, --help         show this help

Exit codes: 0 no file has errors, 1 a file has errors or cannot be read, 2 a wrong command line.

Example:
  callflow validate examples/*/flow.json
`;

/** `callflow validate FILE...`: lists every problem of every flow file. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check flow files and list every problem",
  help: HELP,
  options: { ...COMMON_OPTIONS, json: { type: "boolean" }, library: { type: "string" }, locale: { type: "string" } },
  async run(line, { io, cwd }) {
    const locale = parseLocaleOption("validate", line.values.locale as string | undefined);

    if (line.positionals.length === 0) throw new UsageError("name at least one flow file, such as callflow validate examples/bank-hotline/flow.json", "validate");
    const results = line.positionals.map((file) => {
      const loaded = loadFlowFile(file, { cwd, libraryRoot: line.values.library as string | undefined, locale });

      const expressions = loaded.plan ? reportExpressionModes(loaded.plan) : undefined;

      return { file, ok: !loaded.problems.some((p) => p.severity === "error"), problems: loaded.problems, expressions };
    });
    const ok = results.every((r) => r.ok);

    if (line.values.json) {
      io.stdout(JSON.stringify({ ok, files: results.map((r) => ({ ...r, problems: r.problems.map(problemJson) })) }, null, 2) + "\n");
      return ok ? EXIT_OK : EXIT_FAILURE;
    }
    for (const result of results) {
      for (const p of result.problems) io.stdout(formatProblem(p) + "\n");
      io.stdout(`${result.file}: ${result.ok ? "valid" : "invalid"}, ${countProblems(result.problems)}\n`);
      if (result.expressions) io.stdout(formatExpressionModes(result.expressions));
    }
    if (results.length > 1) io.stdout(`${plural(results.length, "file")} checked, ${results.filter((r) => !r.ok).length} invalid\n`);
    return ok ? EXIT_OK : EXIT_FAILURE;
  },
};

// Expressions outside the closure subset run on the slower JSONata engine; saying which ones
// lets a flow author rewrite them.
function formatExpressionModes(report: ExpressionModeReport): string {
  const total = report.closure + report.jsonata;
  const lines = [`  expressions: ${report.closure} of ${total} compiled to closures\n`];

  for (const fallback of report.fallbacks) lines.push(`    ${fallback.nodeId}: "${fallback.source}" runs on the JSONata engine: ${fallback.reason ?? "outside the closure subset"}\n`);
  return lines.join("");
}
