// Benchmark 4: compile time of generated 1,000-node and 10,000-node flow documents.
import { performance } from "node:perf_hooks";

import { createNodeRegistry } from "@callflow/nodes";
import { compileExpression, compileFlow } from "@callflow/sdk";

import { generatedDocument } from "./fixtures.mjs";
import { loadAverage } from "./lib/machine.mjs";
import { round, summarize } from "./lib/stats.mjs";

const SIZES = [
  { nodes: 1_000, runs: 15, targetMs: 60 },
  { nodes: 10_000, runs: 7, targetMs: 600 },
];

// Each run gets a salt never used before, so its expression texts are new to the parse cache.
let nextSalt = 1;

function measureSize({ nodes, runs }, registry) {
  const timesMs = [];
  const parseTimesMs = [];
  let problems = 0;
  let expressions = 0;
  let bytes = 0;

  for (let run = 0; run <= runs; run++) {
    const generated = generatedDocument(nodes, nextSalt++);
    const text = JSON.stringify(generated.document);
    const started = performance.now();
    const result = compileFlow(text, { registry });
    const elapsed = performance.now() - started;

    if (!result.ok) throw new Error(`generated document does not compile: ${JSON.stringify(result.problems.slice(0, 3))}`);
    // Run 0 is the warm-up.
    if (run === 0) continue;
    timesMs.push(elapsed);
    problems = result.problems.length;
    expressions = generated.expressions;
    bytes = text.length;
    parseTimesMs.push(parseAlone(generatedDocument(nodes, nextSalt++).document));
  }
  return { timesMs, parseTimesMs, problems, expressions, bytes };
}

// Compiles the document's expressions alone (JSON text, zod and graph checks excluded), with
// texts the parse cache has not seen: the share of compile time the expressions take.
function parseAlone(document) {
  const sources = [];

  for (const node of document.nodes) {
    for (const assignment of node.config.assignments ?? []) sources.push(assignment.value);
    for (const condition of node.config.conditions ?? []) sources.push(condition.when);
  }
  const started = performance.now();

  for (const source of sources) compileExpression(source);
  return performance.now() - started;
}

/** Runs benchmark 4 and returns its figures. */
export async function run() {
  const loadBefore = loadAverage();
  const registry = createNodeRegistry();
  const sizes = [];

  for (const size of SIZES) {
    const measured = measureSize(size, registry);
    const times = summarize(measured.timesMs);

    sizes.push({
      nodes: size.nodes,
      distinctExpressions: measured.expressions,
      documentKiB: round(measured.bytes / 1024),
      runs: size.runs,
      medianMs: round(times.median),
      minMs: round(times.min),
      maxMs: round(times.max),
      expressionParseMedianMs: round(summarize(measured.parseTimesMs).median),
      warnings: measured.problems,
      targetMs: size.targetMs,
    });
  }
  return {
    fixture: "generated chain of logic.set nodes with a logic.switch every tenth node (both ports to the next node), ending in a util.log; 30% of nodes carry a distinct expression, the rest a constant (0 or true)",
    method: "compileFlow on the document's JSON text (JSON.parse, migration, zod, node prepare, graph checks, linking), default registry; one warm-up run, then the median of the measured runs; every run uses expression texts never compiled before in the process, so the parse cache never serves them",
    sizes,
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
