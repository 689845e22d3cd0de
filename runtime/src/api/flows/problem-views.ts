import { formatProblem, type InterfaceLocale, type Problem } from "@callflow/sdk";

/** Returns the problems with their messages in `locale`, errors first. */
export function problemViews(problems: readonly Problem[], locale: InterfaceLocale) {
  const errors = problems.filter((problem) => problem.severity === "error");
  const warnings = problems.filter((problem) => problem.severity !== "error");

  return [...errors, ...warnings].map(({ localizedParams, ...problem }) => ({ ...problem, message: formatProblem({ ...problem, localizedParams }, locale) }));
}

/** Counts the problems of each severity. */
export function countProblems(problems: readonly Problem[]): { errorCount: number; warningCount: number } {
  const errorCount = problems.filter((problem) => problem.severity === "error").length;

  return { errorCount, warningCount: problems.length - errorCount };
}
