// Runs every benchmark, prints the results as JSON and rewrites runtime/BENCHMARKS.md.
//
//   npm run bench                       all benchmarks (about 2 minutes on 2 cores)
//   npm run bench -- --only chain,compile   (in runtime/) a subset; BENCHMARKS.md is left alone
//   npm run bench -- --no-build         (in runtime/) skip `npm run build`; dist must be current
//
// Each benchmark runs in its own child process, so heaps and JIT state do not carry over.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { runAcdBenchmark } from "./acd/main.mjs";
import { runAriBenchmark } from "./ari/ari-benchmark.mjs";
import { runSandboxBenchmark } from "./sandbox/main.mjs";
import { runScriptChainBenchmark } from "./script-chain.mjs";
import { runStoreBenchmark } from "./store/store-benchmark.mjs";
import { describeMachine } from "./lib/machine.mjs";
import { writeReport } from "./lib/report.mjs";
import { probeStalls } from "./lib/stall-probe.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = path.dirname(BENCH);
const ROOT = path.dirname(RUNTIME);
const BENCHMARKS = ["chain", "node-red", "concurrent-calls", "compile", "expressions", "ari", "store", "sandbox", "script-chain", "acd"];
// Benchmarks run in this process rather than a child, because they fork children of their own.
const IN_PROCESS = { ari: runAriBenchmark, store: storeWithTargets, sandbox: sandboxWithTargets, "script-chain": runScriptChainBenchmark, acd: runAcdBenchmark };

// The sandbox benchmark reports targets as { value, target }; they become summary rows here.
async function sandboxWithTargets() {
  // Idle sandbox workers do not keep the process alive, so this timer does while they start.
  const keepAlive = setInterval(() => undefined, 1_000);
  const { json, markdown } = await runSandboxBenchmark().finally(() => clearInterval(keepAlive));

  json.targets = json.targets.map((t) => ({ name: t.name, value: t.value, limit: t.target, unit: t.unit, comparison: "max", met: t.value <= t.target }));
  return { json, markdown };
}

// After a subset ran, replaces the sections of the in-process benchmarks that ran in
// BENCHMARKS.md, each from its "## " heading to the next, or adds it before the profile notes.
function replaceSections(file, sections) {
  let text = fs.readFileSync(file, "utf8");

  for (const { markdown } of sections) {
    const heading = markdown.split("\n", 1)[0];
    const start = text.indexOf(`${heading}\n`);

    if (start === -1) {
      const notes = text.indexOf("## Profile notes");
      text = notes === -1 ? `${text}\n${markdown}` : `${text.slice(0, notes)}${markdown}\n${text.slice(notes)}`;
      continue;
    }
    const next = text.indexOf("\n## ", start + heading.length);
    text = `${text.slice(0, start)}${markdown}${next === -1 ? "" : `\n${text.slice(next + 1)}`}`;
  }
  fs.writeFileSync(file, text.replace(/\n{3,}/g, "\n\n"));
}

// The store benchmark reports its targets as limits; they become summary rows here.
async function storeWithTargets() {
  const { json, markdown } = await runStoreBenchmark();

  json.targets = [
    { name: "database work at call start, p99", value: json.callStart.sequential.p99, limit: json.targets.callStartP99Ms, unit: "ms", comparison: "max", met: json.callStart.sequential.p99 <= json.targets.callStartP99Ms },
    { name: "publish commit to first call on the new version, max", value: json.publish.fromCommit.max, limit: json.targets.publishToCallMs, unit: "ms", comparison: "max", met: json.publish.fromCommit.max <= json.targets.publishToCallMs },
  ];
  return { json, markdown };
}
const BUILT_ENTRY_POINTS = ["sdk/dist/index.js", "nodes/dist/index.js", "runtime/dist/session/session.js"];

function parseArguments(argv) {
  const onlyIndex = argv.indexOf("--only");
  const only = onlyIndex === -1 ? BENCHMARKS : argv[onlyIndex + 1].split(",");
  const unknown = only.filter((name) => !BENCHMARKS.includes(name));

  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.join(", ")}`);
  return { only, build: !argv.includes("--no-build") };
}

// Builds the workspaces. A failed build that still left every entry point in dist only warns:
// type errors elsewhere in the tree do not stop tsc from emitting.
function build() {
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });

  if (result.status === 0) return;
  const missing = BUILT_ENTRY_POINTS.filter((file) => !fs.existsSync(path.join(ROOT, file)));

  if (missing.length > 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`npm run build failed and ${missing.join(", ")} is missing; fix the build first`);
  }
  process.stderr.write("bench: npm run build reported errors; running on the JavaScript it emitted\n");
}

// The commit measured, and whether the sources differed from it when the run started.
function describeSources() {
  const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

  try {
    const changed = git("status", "--porcelain", "--", "sdk/src", "nodes/src", "runtime/src");

    return { commit: git("rev-parse", "--short", "HEAD"), uncommittedSourceChanges: changed === "" ? 0 : changed.split("\n").length };
  } catch {
    return { commit: "unknown (not a git checkout)", uncommittedSourceChanges: 0 };
  }
}

function runChild(name) {
  process.stderr.write(`bench: ${name}\n`);
  const output = execFileSync(process.execPath, ["--no-node-snapshot", "--expose-gc", path.join(BENCH, "lib", "child.mjs"), name], {
    cwd: RUNTIME,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });

  return JSON.parse(output.trim().split("\n").at(-1));
}

const options = parseArguments(process.argv.slice(2));

if (options.build) build();
const machine = { ...describeMachine(), sources: describeSources() };
const stallsBefore = probeStalls();
const results = {};
const started = Date.now();

const extraSections = [];

for (const name of options.only) {
  if (!IN_PROCESS[name]) {
    results[name] = runChild(name);
    continue;
  }
  process.stderr.write(`bench: ${name}\n`);
  const { json, markdown } = await IN_PROCESS[name]();

  results[name] = json;
  extraSections.push({
    markdown,
    targets: json.targets.map((t) => ({ name: `${name}: ${t.name}`, value: t.value, target: t.limit, unit: t.unit, comparison: t.comparison, met: t.met })),
  });
}
const report = {
  machine,
  stallProbe: { before: stallsBefore, after: probeStalls() },
  durationSeconds: Math.round((Date.now() - started) / 1000),
  results,
  extraSections,
};

// Kept before the report is written, so a failure there does not lose the measurements.
fs.writeFileSync(path.join(BENCH, "last-run.json"), JSON.stringify(report, null, 2));
if (options.only.length === BENCHMARKS.length) {
  report.targets = writeReport(path.join(RUNTIME, "BENCHMARKS.md"), report);
} else if (extraSections.length > 0) {
  replaceSections(path.join(RUNTIME, "BENCHMARKS.md"), extraSections);
  process.stderr.write("bench: a subset ran, so only its sections of BENCHMARKS.md were replaced\n");
} else {
  process.stderr.write("bench: a subset ran, so BENCHMARKS.md was not rewritten\n");
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
