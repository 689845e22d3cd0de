import fc from "fast-check";

import { compileFlow, PROBLEM_CODES, type CompileResult, type ReferenceResolver } from "../src/index.js";
import { testRegistry } from "./support/test-nodes.js";

// Small pools, so that random ids, ports and names often collide: collisions are what reach
// the graph checks (duplicate ids, edges between existing nodes, subflow cycles).
// "constructor" and "__proto__" catch lookups that use plain objects as maps.
const IDS = ["start", "menu", "ask", "end", "a", "b", "constructor", "toString", "x-1"];
const PORTS = ["next", "timeout", "error", "one", "two", "open", "closed", "__proto__"];
const TYPES = ["test.start", "test.end", "test.wait", "test.set", "test.say", "test.sub", "test.cal", "test.menu", "test.fax", "ivr.menu"];
const FLOW_NAMES = ["verify", "lookup", "main", "constructor"];
const LANGUAGES = ["en", "cmn", "yue"];
const VARIABLES = ["amount", "caller", "name", "__proto__", "total"];

const registry = testRegistry();
const problemCodes: ReadonlySet<string> = new Set(PROBLEM_CODES);

// Picks `valid` most of the time and `invalid` one time in `oneIn`. Each field of a near-document
// is then usually right, so many documents pass the schema and reach the node and graph checks.
function mostly<T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>, oneIn = 20): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

// Expression text: JSONata fragments glued together, which gives valid and broken syntax alike.
const expressionText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc
    .array(fc.constantFrom("amount", "caller", "name", " + ", " * ", "(", ")", "[", "]", "$length(", "'a'", "1", "{{", "}}", "\\{{", " ", "$map(", "function($v){", "}", ",", ".", "$"), { maxLength: 12 })
    .map((parts) => parts.join("")),
);

const prompt = fc.record(
  {
    tts: fc.dictionary(mostly(fc.constantFrom(...LANGUAGES), fc.constantFrom("EN", "x")), expressionText, { maxKeys: 3 }),
    audio: mostly(fc.constantFrom("welcome", "menu-main"), fc.constant("bad name")),
  },
  { requiredKeys: [] },
);

const config = mostly(
  fc.oneof(
    fc.constant({}),
    fc.record({ variable: fc.constantFrom(...VARIABLES, ""), expression: expressionText }),
    fc.record({ prompt }),
    fc.record({ flow: fc.constantFrom(...FLOW_NAMES) }),
    fc.record({ calendar: fc.constantFrom("holidays", "missing") }),
    fc.record({ options: fc.array(fc.record({ key: fc.constantFrom("1", "2", "#", "x"), port: fc.constantFrom(...PORTS) }), { maxLength: 3 }) }),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const node = fc.record(
  {
    id: mostly(fc.constantFrom(...IDS), fc.constantFrom("1st", "main menu"), 100),
    type: mostly(fc.constantFrom(...TYPES), fc.constant("Bad Type"), 100),
    typeVersion: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(-1, 1.5), 100),
    config,
  },
  { requiredKeys: ["id", "type"] },
);

const edge = fc.record({ from: fc.constantFrom(...IDS), port: mostly(fc.constantFrom(...PORTS), fc.constant(""), 100), to: fc.constantFrom(...IDS) });

const variables = fc.dictionary(
  fc.constantFrom(...VARIABLES),
  fc.record({ type: mostly(fc.constantFrom("string", "number"), fc.constant("list"), 100), initial: fc.jsonValue({ maxDepth: 1 }), sensitive: fc.boolean() }, { requiredKeys: [] }),
  { maxKeys: 3 },
);

// Documents close to valid ones: the right fields with random contents, now and then one that
// the schema rejects.
const nearDocument = fc.record(
  {
    schemaVersion: mostly(fc.constant(1), fc.constantFrom(0, 2, "1")),
    kind: mostly(fc.constantFrom("ivr", "workflow", "survey", "routing"), fc.constant("fax")),
    name: mostly(fc.constant({ en: "Random flow" }), fc.jsonValue({ maxDepth: 1 })),
    languages: mostly(fc.array(fc.constantFrom(...LANGUAGES), { minLength: 1, maxLength: 3 }), fc.constantFrom([], ["EN"])),
    entry: fc.constantFrom(...IDS, "missing"),
    onHangup: fc.constantFrom(...IDS, "missing"),
    variables,
    nodes: mostly(fc.array(node, { minLength: 1, maxLength: 8 }), fc.constant([])),
    edges: fc.array(edge, { maxLength: 12 }),
  },
  { requiredKeys: ["schemaVersion", "kind", "name", "languages", "entry", "nodes"] },
);

const VALID_EXPRESSIONS = ["amount + 1", "caller", "$length(name) > 2", "'a' & caller", "total * 2"];
const WELL_FORMED_TYPES = ["test.end", "test.wait", "test.set", "test.say", "test.sub", "test.cal", "test.menu"] as const;

// A config that each test type accepts, with the output ports it then has.
function wellFormedNode(type: (typeof WELL_FORMED_TYPES)[number]): fc.Arbitrary<{ type: string; config: object; ports: string[] }> {
  switch (type) {
    case "test.set":
      return fc
        .record({ variable: fc.constantFrom(...VARIABLES), expression: fc.constantFrom(...VALID_EXPRESSIONS) })
        .map((config) => ({ type, config, ports: ["next"] }));
    case "test.say":
      return fc
        .constantFrom("Welcome", "Hello {{ caller }}", "Total {{ total }}")
        .map((text) => ({ type, config: { prompt: { tts: { en: text } } }, ports: ["next"] }));
    case "test.sub":
      return fc.constantFrom(...FLOW_NAMES).map((flow) => ({ type, config: { flow }, ports: ["next"] }));
    case "test.cal":
      return fc.constant({ type, config: { calendar: "holidays" }, ports: ["open", "closed"] });
    case "test.menu":
      return fc
        .uniqueArray(fc.constantFrom("one", "two", "three"), { minLength: 1, maxLength: 3 })
        .map((ports) => ({ type, config: { options: ports.map((port, i) => ({ key: String(i + 1), port })) }, ports: [...ports, "timeout"] }));
    case "test.end":
      return fc.constant({ type, config: {}, ports: [] });
    default:
      return fc.constant({ type, config: {}, ports: ["next"] });
  }
}

// Documents that mostly compile: a test.start entry, unique ids, valid configs, and each port
// connected (or not) to a later node, with an occasional edge back that can form a loop.
const wellFormedDocument = fc
  .array(fc.constantFrom(...WELL_FORMED_TYPES).chain(wellFormedNode), { maxLength: 7 })
  .chain((rest) => {
    const nodes = [{ type: "test.start", config: {}, ports: ["next"] }, ...rest].map((n, i) => ({ ...n, id: `n${i}` }));
    const ports = nodes.flatMap((n, i) => n.ports.map((port) => ({ from: i, port })));
    // Per port: null or nodes.length leaves it unconnected, a higher index is a forward edge,
    // a lower or equal one an edge back.
    const targetChoices = fc.tuple(
      ...ports.map(({ from }) =>
        fc.option(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: from + 1, max: nodes.length }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: from }) }), {
          freq: 5,
        }),
      ),
    );

    return targetChoices.map((targets) => ({
      schemaVersion: 1,
      kind: "ivr",
      name: { en: "Random flow" },
      languages: ["en"],
      entry: "n0",
      variables: { amount: { type: "number", initial: 1 } },
      nodes: nodes.map(({ id, type, config }) => ({ id, type, config })),
      edges: ports.flatMap(({ from, port }, i) => {
        const target = targets[i];

        return target === null || target >= nodes.length ? [] : [{ from: nodes[from].id, port, to: nodes[target].id }];
      }),
    }));
  });

// Subflows by name for the resolver; they may call each other, which makes cycles.
const library = fc.dictionary(fc.constantFrom(...FLOW_NAMES), fc.oneof(nearDocument, wellFormedDocument), { maxKeys: 3 });

function resolverFor(flows: Record<string, unknown>): ReferenceResolver {
  return {
    flow: (name) => (Object.hasOwn(flows, name) ? flows[name] : undefined),
    prompt: (name) => (name === "welcome" ? { languages: { en: { uri: "sound:custom/welcome" } } } : undefined),
    calendar: (name) => (name === "holidays" ? { days: [{ date: "2026-12-25", name: "Christmas" }] } : undefined),
  };
}

// The shape every result must have, whatever the input.
function isWellFormed(result: CompileResult): boolean {
  if (!Array.isArray(result.problems)) return false;
  const problemsWellFormed = result.problems.every(
    (p) =>
      problemCodes.has(p.code) &&
      (p.severity === "error" || p.severity === "warning") &&
      typeof p.pointer === "string" &&
      typeof p.message === "string" &&
      p.message.length > 0,
  );

  if (!problemsWellFormed) return false;
  if (result.ok) return result.plan !== undefined && result.problems.every((p) => p.severity !== "error");
  return result.problems.some((p) => p.severity === "error");
}

describe("compileFlow on random input", () => {
  test("any JSON value gives a well-formed result", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(isWellFormed(compileFlow(value, { registry }))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("any text gives a well-formed result", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(isWellFormed(compileFlow(text, { registry }))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test("near-documents give a well-formed result", () => {
    fc.assert(
      fc.property(nearDocument, library, fc.boolean(), fc.integer({ min: 1, max: 40 }), (document, flows, asText, stepBudget) => {
        const input = asText ? JSON.stringify(document) : document;

        const result = compileFlow(input, { registry, resolver: resolverFor(flows), stepBudget, loopAllowance: 3 });

        expect(isWellFormed(result)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test("well-formed documents give a well-formed result", () => {
    fc.assert(
      fc.property(wellFormedDocument, library, (document, flows) => {
        const result = compileFlow(document, { registry, resolver: resolverFor(flows), stepBudget: 12 });

        expect(isWellFormed(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("compiled plans link every edge", () => {
    const compiledOnly = fc.tuple(wellFormedDocument, library).filter(([document, flows]) => compileFlow(document, { registry, resolver: resolverFor(flows) }).ok);

    fc.assert(
      fc.property(compiledOnly, ([document, flows]) => {
        const result = compileFlow(document, { registry, resolver: resolverFor(flows) });

        if (!result.ok) throw new Error("filtered to documents that compile");
        for (const e of document.edges) expect(result.plan.nodes.get(e.from)!.next[e.port]).toBe(result.plan.nodes.get(e.to));
        expect(result.plan.nodes.size).toBe(document.nodes.length);
      }),
      { numRuns: 300 },
    );
  });
});
