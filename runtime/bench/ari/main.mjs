// Runs the ARI benchmark alone and prints its figures as JSON, then its Markdown section.
//
//   npm run build                     (at the repository root, first)
//   node --no-node-snapshot --expose-gc runtime/bench/ari/main.mjs [--profile on-miss|always|never] [--format both|json|markdown]
//
// Takes about 2.5 minutes on 2 cores, 3 when a throughput target is missed and the profiled
// repeat runs (170 s measured with the repeat). It only prints: `npm run bench -- --only ari`
// in runtime/ also replaces the ARI section of runtime/BENCHMARKS.md.
import { parseArgs } from "node:util";

import { runAriBenchmark } from "./ari-benchmark.mjs";

const { values } = parseArgs({
  options: {
    profile: { type: "string", default: "on-miss" },
    format: { type: "string", default: "both" },
  },
});

if (!["on-miss", "always", "never"].includes(values.profile)) throw new Error(`--profile must be on-miss, always or never, got "${values.profile}"`);
if (!["both", "json", "markdown"].includes(values.format)) throw new Error(`--format must be both, json or markdown, got "${values.format}"`);

const { json, markdown } = await runAriBenchmark({ profile: values.profile });

if (values.format !== "markdown") process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
if (values.format === "both") process.stdout.write("\n");
if (values.format !== "json") process.stdout.write(markdown);
