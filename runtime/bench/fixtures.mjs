// Flow documents and expressions that the benchmarks run or compile. The chain's expressions
// are shared with the Node-RED chain, so both evaluate the same JSONata.

/** Number of logic.set nodes (and of logic.switch nodes) in the chain fixture. */
export const CHAIN_PAIRS = 10;

/**
 * Returns the JSONata expressions of the chain, in node order. Set node `i` writes `x<i>` from
 * the previous value. Switch node `i` tests it, true for even `i` and false for odd `i`, so half
 * the switches leave by their condition port and half by `default`.
 */
export function chainExpressions() {
  const steps = [];

  for (let i = 0; i < CHAIN_PAIRS; i++) {
    const previous = i === 0 ? "$number(caller)" : `x${i - 1}`;

    steps.push({ kind: "set", variable: `x${i}`, expression: `${previous} + ${i + 1}` });
    steps.push({ kind: "switch", expression: i % 2 === 0 ? `x${i} >= 0` : `x${i} < 0` });
  }
  return steps;
}

/** Type of the terminal node that ends the chain; see {@link chainEndNode}. */
export const CHAIN_END_TYPE = "bench.end";

/**
 * Builds the 20-node logic chain: set, switch, set, switch, ... Both ports of every switch lead
 * to the next node. The last switch leads to a terminal `bench.end` node, because a switch must
 * connect its condition port, so a message takes 21 steps. Node-RED's chain ends in a counting
 * node too.
 */
export function chainDocument() {
  const nodes = [];
  const edges = [];
  const steps = chainExpressions();

  steps.forEach((step, index) => {
    const id = `n${index}`;

    if (step.kind === "set") {
      nodes.push({ id, type: "logic.set", config: { assignments: [{ variable: step.variable, value: step.expression }] } });
    } else {
      nodes.push({ id, type: "logic.switch", config: { conditions: [{ when: step.expression, port: "yes" }] } });
    }
    const to = index === steps.length - 1 ? "end" : `n${index + 1}`;

    if (step.kind === "set") edges.push({ from: id, port: "next", to });
    else edges.push({ from: id, port: "yes", to }, { from: id, port: "default", to });
  });
  nodes.push({ id: "end", type: CHAIN_END_TYPE, config: {} });
  return {
    schemaVersion: 1,
    kind: "workflow",
    name: { en: "Benchmark logic chain" },
    languages: ["en"],
    entry: "n0",
    nodes,
    edges,
  };
}

/**
 * Builds the menu loop of the concurrent-call benchmark: a menu whose options 1 and 2 both go
 * to a logic.set that counts the choice and returns to the menu. The benchmark gives the
 * prompt a fixed playback time.
 */
export function menuLoopDocument() {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Benchmark menu loop" },
    languages: ["en"],
    entry: "menu",
    variables: { choices: { type: "number", initial: 0 } },
    nodes: [
      {
        id: "menu",
        type: "ivr.menu",
        config: {
          prompt: { tts: { en: "Press one or two." } },
          options: [
            { key: "1", port: "one" },
            { key: "2", port: "two" },
          ],
          firstKeyTimeoutMs: 10_000,
          variable: "lastKey",
        },
      },
      { id: "count", type: "logic.set", config: { assignments: [{ variable: "choices", value: "choices + 1" }] } },
    ],
    edges: [
      { from: "menu", port: "one", to: "count" },
      { from: "menu", port: "two", to: "count" },
      { from: "count", port: "next", to: "menu" },
    ],
  };
}

/**
 * Generates a document of `size` nodes for the compile benchmark. It is a chain of logic.set
 * nodes in which 30% of all nodes carry a distinct expression and the others a constant. Every
 * tenth node is a switch whose two ports join again, and a util.log ends the chain. `salt`
 * makes the expression texts differ between calls, so the expression parse cache never serves
 * a measured run. Returns the document and how many distinct expressions it has.
 */
export function generatedDocument(size, salt) {
  const nodes = [];
  const edges = [];
  const withExpression = Math.round(size * 0.3);
  let expressions = 0;
  let lastSet = 0;

  for (let i = 0; i < size; i++) {
    const id = `g${i}`;
    const distinct = expressions < withExpression && Math.floor(((i + 1) * withExpression) / size) > expressions;
    const next = `g${i + 1}`;
    const last = i === size - 1;

    if (distinct) expressions++;
    if (last) {
      // util.log needs no connected port, so the chain can end on it.
      const message = distinct ? `done {{ $string(v${lastSet}) & "${salt}" }}` : "done";

      nodes.push({ id, type: "util.log", config: { level: "debug", message } });
      continue;
    }
    if (i % 10 === 9) {
      const when = distinct ? `v${lastSet} > ${salt * 7 + i} and caller != "${salt}-${i}"` : "true";

      nodes.push({ id, type: "logic.switch", config: { conditions: [{ when, port: "yes" }] } });
      edges.push({ from: id, port: "yes", to: next }, { from: id, port: "default", to: next });
      continue;
    }
    const value = distinct ? `$string(v${lastSet}) & "${salt}-${i}"` : "0";

    lastSet = i;
    nodes.push({ id, type: "logic.set", config: { assignments: [{ variable: `v${i}`, value }] } });
    edges.push({ from: id, port: "next", to: next });
  }
  const document = {
    schemaVersion: 1,
    kind: "workflow",
    name: { en: `Generated flow of ${size} nodes` },
    languages: ["en"],
    entry: "g0",
    nodes,
    edges,
  };

  return { document, expressions };
}

/**
 * Defines the chain's terminal node: it returns synchronously and has no ports, so the session
 * ends after it. Registered next to the built-in nodes for the chain benchmark only.
 */
export function chainEndNode(z) {
  const spec = {
    type: CHAIN_END_TYPE,
    version: 1,
    category: "util",
    kinds: ["workflow"],
    title: { en: "End of benchmark chain" },
    description: { en: "Ends the benchmark chain." },
    configSchema: z.object({}),
    ports: [],
    terminal: true,
    capabilities: [],
  };

  return { spec, run: () => "end" };
}
