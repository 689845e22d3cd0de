// Runs the benchmark chain in an embedded Node-RED and prints one JSON line of results.
// The parent (runtime/bench/node-red.mjs) starts it as a child process, with a JSON argument:
//   { steps: [{ kind, variable?, expression?, code? }], variant: "jsonata" | "native",
//     messages, window, rounds }
// Node-RED runs with its default (asynchronous) message delivery and without its editor.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const RED = require("node-red");

const options = JSON.parse(process.argv[2]);

/**
 * Builds the flow: change, switch, change, switch, ..., then the counting sink. Each switch has
 * its condition output and an `otherwise` output, both wired to the next node, like the
 * callflow chain. The `jsonata` variant uses the same JSONata expressions as the callflow chain;
 * the `native` variant sets constants and compares numbers with Node-RED's own rules.
 */
function chainFlow(steps, variant) {
  const nodes = [{ id: "bench-tab", type: "tab", label: "bench" }];

  steps.forEach((step, index) => {
    const id = `n${index}`;
    const next = index === steps.length - 1 ? "sink" : `n${index + 1}`;
    const pair = Math.floor(index / 2);

    if (step.kind === "function") {
      nodes.push({ id, type: "function", z: "bench-tab", func: step.code, outputs: 1, wires: [[next]] });
      return;
    }
    if (step.kind === "set") {
      const rule = variant === "jsonata"
        ? { t: "set", p: step.variable, pt: "msg", to: step.expression, tot: "jsonata" }
        : { t: "set", p: step.variable, pt: "msg", to: String(pair + 1), tot: "num" };

      nodes.push({ id, type: "change", z: "bench-tab", rules: [rule], wires: [[next]] });
      return;
    }
    const condition = variant === "jsonata"
      ? { t: "jsonata_exp", v: step.expression, vt: "jsonata" }
      : { t: pair % 2 === 0 ? "gte" : "lt", v: "0", vt: "num" };

    nodes.push({
      id,
      type: "switch",
      z: "bench-tab",
      property: `x${pair}`,
      propertyType: "msg",
      rules: [condition, { t: "else" }],
      checkall: "false",
      repair: false,
      outputs: 2,
      wires: [[next], [next]],
    });
  });
  nodes.push({ id: "sink", type: "bench-sink", z: "bench-tab", wires: [] });
  return nodes;
}

function waitForNode(id) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = () => {
      const node = RED.nodes.getNode(id);

      if (node) resolve(node);
      else if (Date.now() > deadline) reject(new Error(`Node-RED did not start node ${id} within 30 s`));
      else setTimeout(poll, 20);
    };

    poll();
  });
}

// Feeds `messages` messages into the first node, keeping `window` of them in flight, and
// returns messages per second from the first feed to the last message reaching the sink.
function runRound(first, messages, window) {
  return new Promise((resolve) => {
    let fed = 0;
    let received = 0;
    let started = 0n;
    const feed = () => {
      first.receive({ caller: String(fed % 1000) });
      fed++;
    };

    globalThis.callflowBenchSink = () => {
      received++;
      if (fed < messages) feed();
      if (received === messages) resolve(messages / (Number(process.hrtime.bigint() - started) / 1e9));
    };
    started = process.hrtime.bigint();
    for (let i = 0; i < Math.min(window, messages); i++) feed();
  });
}

async function main() {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "callflow-bench-node-red-"));

  fs.writeFileSync(path.join(userDir, "flows.json"), JSON.stringify(chainFlow(options.steps, options.variant)));
  RED.init(undefined, {
    userDir,
    flowFile: "flows.json",
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    nodesDir: [path.join(__dirname, "nodes")],
    credentialSecret: false,
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    logging: { console: { level: "error", metrics: false, audit: false } },
  });
  await RED.start();
  const first = await waitForNode("n0");

  await waitForNode("sink");
  await runRound(first, options.messages, options.window);
  const rounds = [];

  for (let i = 0; i < options.rounds; i++) rounds.push(await runRound(first, options.messages, options.window));
  await RED.stop();
  fs.rmSync(userDir, { recursive: true, force: true });
  const version = require("node-red/package.json").version;

  process.stdout.write(`${JSON.stringify({ version, variant: options.variant, window: options.window, messages: options.messages, rounds })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
