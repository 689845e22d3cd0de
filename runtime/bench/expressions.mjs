// Expression benchmark: nanoseconds per evaluation of closure-mode expressions (one per construct
// and built-in function of the closure subset), the same expressions on the JSONata engine, and
// the share of the example flows' expressions that compile to closures.
//
//   npm run build && node runtime/bench/expressions.mjs          prints a table and a JSON summary
//   node runtime/bench/expressions.mjs --json                    the JSON summary alone
//
// Reads the built packages (dist), so build first. Each figure is the median of 31 rounds, a round
// being the mean time of one batch of evaluations. Closure rounds visit every expression in turn,
// so a burst of load from other processes spreads over all of them, and all closures share the
// JIT state a real flow would give them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createNodeRegistry } from "@callflow/nodes";
import { FileLibrary } from "@callflow/runtime";
import { compileExpression, compileFlow, reportExpressionModes } from "@callflow/sdk";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET_NS = 200;
const ROUNDS = 31;
const CLOSURE_BATCH = 20_000;
const ENGINE_BATCH = 500;

// A fixed clock reading, so the figures measure the expressions and not the clock.
const NOW = Date.parse("2026-12-07T02:00:00Z");
const environment = { now: () => NOW };

// Session variables of a typical banking call.
const variables = {
  amount: 120.5,
  fee: 3,
  attempts: 1,
  answer: "yes",
  digits: "0912345678",
  name: "陳大文",
  balance: 1234.5,
  lang: "yue",
  vip: true,
  caller: { tier: "gold", account: { id: "A1" } },
  items: [{ price: 3 }, { price: 4.5 }],
  options: ["1", "2", "3"],
};

// One or more expressions per construct and per built-in function of the closure subset.
const EXPRESSIONS = [
  "amount",
  "caller.account.id",
  "options[0]",
  "items[1].price",
  "items.price",
  "amount + fee",
  "-amount",
  "attempts < 3",
  "answer = 'yes' and vip",
  "attempts > 2 or vip",
  "lang in ['yue', 'cmn']",
  "'Hello ' & name",
  "attempts < 3 ? 'retry' : 'agent'",
  "(amount + fee) * 2",
  "$length(digits)",
  "$substring(digits, 0, 4)",
  "$substringBefore(digits, '3')",
  "$substringAfter(digits, '3')",
  "$uppercase(answer)",
  "$lowercase(lang)",
  "$trim('  a  b ')",
  "$pad(digits, -12, '0')",
  "$contains(digits, '345')",
  "$split('a,b,c', ',')",
  "$join(options, ',')",
  "$replace(digits, '09', '+8869')",
  "$number('42')",
  "$string(amount)",
  "$boolean(options)",
  "$not(vip)",
  "$exists(caller.tier)",
  "$round(amount * 1.05, 2)",
  "$floor(amount)",
  "$ceil(amount)",
  "$abs(-amount)",
  "$sum(items.price)",
  "$count(options)",
  "$max(items.price)",
  "$min(items.price)",
  "$average(items.price)",
  "$formatNumber(balance, '#,##0.00')",
  "$now()",
  "$millis()",
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}

function measureClosures(compiled) {
  const rounds = compiled.map(() => []);

  for (const expression of compiled) for (let i = 0; i < CLOSURE_BATCH * 5; i++) expression.evaluateSync(variables, environment);
  for (let round = 0; round < ROUNDS; round++) {
    compiled.forEach((expression, index) => {
      const started = process.hrtime.bigint();

      for (let i = 0; i < CLOSURE_BATCH; i++) expression.evaluateSync(variables, environment);
      rounds[index].push(Number(process.hrtime.bigint() - started) / CLOSURE_BATCH);
    });
  }
  return rounds.map(median);
}

async function measureEngine(source) {
  const compiled = compileExpression(source, undefined, { closures: false });
  const rounds = [];

  for (let i = 0; i < ENGINE_BATCH; i++) await compiled.evaluate(variables, environment);
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();

    for (let i = 0; i < ENGINE_BATCH; i++) await compiled.evaluate(variables, environment);
    rounds.push(Number(process.hrtime.bigint() - started) / ENGINE_BATCH);
  }
  return median(rounds);
}

async function measureExpressions() {
  const compiled = EXPRESSIONS.map((source) => compileExpression(source));
  const fallback = compiled.find((expression) => expression.mode !== "closure");

  if (fallback !== undefined) throw new Error(`${fallback.source} is not compiled to a closure: ${fallback.fallbackReason}`);
  const closureNs = measureClosures(compiled);
  const rows = [];

  for (const [index, source] of EXPRESSIONS.entries()) {
    const engineNs = await measureEngine(source);

    rows.push({ source, closureNs: Math.round(closureNs[index]), engineNs: Math.round(engineNs), speedup: Math.round(engineNs / closureNs[index]) });
  }
  return rows;
}

// Every flow file of the examples: each example's flow.json and the subflows in its flows/ folder.
function exampleFlowFiles() {
  const examples = path.join(ROOT, "examples");
  const files = [];

  for (const entry of fs.readdirSync(examples, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(examples, entry.name);

    if (fs.existsSync(path.join(folder, "flow.json"))) files.push({ folder, file: path.join(folder, "flow.json"), flowId: "main" });
    const subflows = path.join(folder, "flows");

    if (!fs.existsSync(subflows)) continue;
    for (const name of fs.readdirSync(subflows).filter((file) => file.endsWith(".json"))) {
      files.push({ folder, file: path.join(subflows, name), flowId: name.replace(/\.json$/, "") });
    }
  }
  return files;
}

function measureExampleShare() {
  const registry = createNodeRegistry();
  const flows = [];

  for (const { folder, file, flowId } of exampleFlowFiles()) {
    const result = compileFlow(fs.readFileSync(file, "utf8"), { registry, resolver: new FileLibrary(folder), flowId });
    const relative = path.relative(ROOT, file);

    if (!result.ok) {
      flows.push({ file: relative, error: result.problems.filter((p) => p.severity === "error").map((p) => p.code).join(", ") });
      continue;
    }
    const report = reportExpressionModes(result.plan);

    flows.push({ file: relative, closure: report.closure, jsonata: report.jsonata, fallbacks: report.fallbacks });
  }
  const closure = flows.reduce((sum, flow) => sum + (flow.closure ?? 0), 0);
  const jsonata = flows.reduce((sum, flow) => sum + (flow.jsonata ?? 0), 0);

  return { flows, closure, jsonata, share: closure + jsonata === 0 ? 1 : closure / (closure + jsonata) };
}

function printTable(rows, examples) {
  console.log("expression".padEnd(40), "closure ns".padStart(11), "JSONata ns".padStart(11), "speed-up".padStart(9));
  for (const row of rows) {
    const flag = row.closureNs > TARGET_NS ? `  over ${TARGET_NS} ns` : "";

    console.log(row.source.padEnd(40), String(row.closureNs).padStart(11), String(row.engineNs).padStart(11), `${row.speedup}x`.padStart(9) + flag);
  }
  console.log("");
  for (const flow of examples.flows) {
    if (flow.error) console.log(`${flow.file}: does not compile (${flow.error})`);
    else console.log(`${flow.file}: ${flow.closure} closure, ${flow.jsonata} JSONata`);
    for (const fallback of flow.fallbacks ?? []) console.log(`  ${fallback.nodeId}: ${fallback.source} (${fallback.reason})`);
  }
  console.log(`example flows: ${examples.closure} of ${examples.closure + examples.jsonata} expressions compile to closures (${(examples.share * 100).toFixed(1)}%)`);
}

/** Runs the expression benchmark and returns its summary, with one row per expression. */
export async function run() {
  const rows = await measureExpressions();
  const examples = measureExampleShare();

  return {
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    targetNs: TARGET_NS,
    medianClosureNs: median(rows.map((row) => row.closureNs)),
    maxClosureNs: Math.max(...rows.map((row) => row.closureNs)),
    overTarget: rows.filter((row) => row.closureNs > TARGET_NS).map((row) => row.source),
    expressions: rows,
    examples,
  };
}

// Run directly (not imported by the bench runner): print the table and the JSON summary.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const summary = await run();

  if (!process.argv.includes("--json")) printTable(summary.expressions, summary.examples);
  console.log(JSON.stringify({ ...summary, expressions: undefined, examples: { ...summary.examples, flows: undefined } }));
  if (process.argv.includes("--json")) console.log(JSON.stringify(summary, null, 2));
}
