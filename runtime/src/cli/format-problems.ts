import type { FileProblem } from "./load-flow.js";

/** Formats a problem as one line: `FILE:POINTER: severity code (node ID): message`. */
export function formatProblem(p: FileProblem): string {
  const where = p.pointer === "" ? p.file : `${p.file}:${p.pointer}`;
  const node = p.nodeId === undefined ? "" : ` (node ${p.nodeId})`;

  return `${where}: ${p.severity} ${p.code}${node}: ${p.message}`;
}

/** Counts problems by severity: `2 errors, 1 warning`, or `no problems`. */
export function countProblems(problems: readonly FileProblem[]): string {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;

  if (problems.length === 0) return "no problems";
  return [plural(errors, "error"), plural(warnings, "warning")].filter((part) => !part.startsWith("0 ")).join(", ");
}

/** Writes a count with its noun: `1 case`, `2 cases`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Converts a problem to the JSON object of `--json` output. */
export function problemJson(p: FileProblem): Record<string, unknown> {
  return { file: p.file, severity: p.severity, code: p.code, nodeId: p.nodeId ?? null, pointer: p.pointer, message: p.message };
}
