// ACD benchmark: the in-memory matcher (1,000 agents, 50 skills, 10,000 queued calls), the
// rebuild of a tenant's ACD from its event log, and the takeover when the owner dies.
//
//   npm run build                                        (at the repository root, first)
//   node --no-node-snapshot runtime/bench/acd/main.mjs [--format both|json|markdown]
//
// Reads the built packages (dist). DATABASE_URL selects a server instead of a new embedded one.
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { loadAverage } from "../lib/machine.mjs";
import { measureOwnership } from "./ownership.mjs";
import { acdMarkdown } from "./report.mjs";

/** Targets of the matcher, from the ACD's requirements. */
export const ACD_TARGETS = { decisionP99Us: 50, decisionsPerSecond: 100_000 };

// The matcher runs in a fresh process with --expose-gc, so that its heap and GC counts are its own.
function measureMatcherInChild() {
  const output = execFileSync(process.execPath, ["--no-node-snapshot", "--expose-gc", fileURLToPath(new URL("matcher-child.mjs", import.meta.url))], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

  return JSON.parse(output.trim().split("\n").at(-1));
}

/** Runs every measurement and returns the figures as JSON and as a Markdown section. */
export async function runAcdBenchmark() {
  const loadBefore = loadAverage();
  const matcher = measureMatcherInChild();
  const ownership = await measureOwnership();
  const json = { matcher, ownership, loadAverage: { before: loadBefore, after: loadAverage() } };

  json.targets = [
    { name: "matcher decision p99", value: matcher.allUs.p99, limit: ACD_TARGETS.decisionP99Us, unit: "µs", comparison: "max", met: matcher.allUs.p99 <= ACD_TARGETS.decisionP99Us },
    {
      name: "matcher decisions per second",
      value: matcher.decisionsPerSecond,
      limit: ACD_TARGETS.decisionsPerSecond,
      unit: "/s",
      comparison: "min",
      met: matcher.decisionsPerSecond >= ACD_TARGETS.decisionsPerSecond,
    },
    { name: "old-space collections during the matcher run", value: matcher.gc.major, limit: 0, unit: "", comparison: "max", met: matcher.gc.major === 0 },
  ];
  return { json, markdown: acdMarkdown(json) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { format: { type: "string", default: "both" } } });

  if (!["both", "json", "markdown"].includes(values.format)) throw new Error(`--format must be both, json or markdown, got "${values.format}"`);
  const { json, markdown } = await runAcdBenchmark();

  if (values.format !== "markdown") process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  if (values.format === "both") process.stdout.write("\n");
  if (values.format !== "json") process.stdout.write(markdown);
}
