// Benchmark 2: the same chain in Node-RED, run in child processes from runtime/bench/peer,
// which stays outside the npm workspaces so Node-RED never becomes a package dependency.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chainExpressions } from "./fixtures.mjs";
import { loadAverage } from "./lib/machine.mjs";
import { round, summarize } from "./lib/stats.mjs";

const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), "peer");
const MESSAGES = 5_000;
const ROUNDS = 3;
const WINDOWS = [1, 100];
const VARIANTS = ["jsonata", "native"];

/**
 * Installs the peer's pinned Node-RED on first use: `npm ci` from its lock file, or
 * `npm install` when there is no lock yet. Node-RED needs no install scripts.
 */
export function ensurePeerInstalled() {
  if (fs.existsSync(path.join(PEER, "node_modules", "node-red", "package.json"))) return false;
  const command = fs.existsSync(path.join(PEER, "package-lock.json")) ? "ci" : "install";

  process.stderr.write(`bench: installing Node-RED into ${PEER} (npm ${command})\n`);
  execFileSync("npm", [command, "--prefix", PEER, "--ignore-scripts", "--no-audit", "--no-fund"], { stdio: ["ignore", "ignore", "inherit"] });
  return true;
}

function runNodeRed(variant, window) {
  const options = { steps: chainExpressions(), variant, messages: MESSAGES, window, rounds: ROUNDS };
  const output = execFileSync(process.execPath, [path.join(PEER, "chain-node-red.cjs"), JSON.stringify(options)], {
    cwd: PEER,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

  return JSON.parse(output.trim().split("\n").at(-1));
}

/** Runs benchmark 2 (Node-RED's side) and returns its figures. */
export async function run() {
  const loadBefore = loadAverage();
  const installed = ensurePeerInstalled();
  const results = [];
  let version;

  for (const variant of VARIANTS) {
    for (const window of WINDOWS) {
      const result = runNodeRed(variant, window);

      version = result.version;
      results.push({ variant, window, rounds: result.rounds.map((r) => round(r)), messagesPerSecond: round(summarize(result.rounds).median) });
    }
  }
  return {
    version,
    installedNow: installed,
    fixture: "20-node chain in one Node-RED flow: 10 change nodes alternating with 10 switch nodes (a condition output and an otherwise output, both wired to the next node), ending in a counting bench-sink node (21 nodes); default asynchronous delivery",
    variants: {
      jsonata: "change nodes set msg.x<i> with the callflow chain's JSONata expressions; switch rules are the same JSONata conditions (jsonata_exp)",
      native: "change nodes set msg.x<i> to a number; switch rules compare msg.x<i> with 0 (gte or lt) without JSONata",
    },
    load: `${MESSAGES} messages per round fed with RED.nodes.getNode(id).receive(msg), ${ROUNDS} rounds after one warm-up round, a fresh Node-RED process per variant and window`,
    results,
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
