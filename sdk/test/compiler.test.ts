import {
  compileFlow,
  flowDocumentJsonSchema,
  formatProblem,
  PROBLEM_CODES,
  type FlowDocumentInput,
  type Plan,
  type PreparedPrompt,
  type Problem,
  type ProblemCode,
} from "../src/index.js";
import { libraryResolver, loadBadFlows, type BadFlowFixture, type ExpectedProblem } from "./support/bad-flows.js";
import { testRegistry } from "./support/test-nodes.js";

const fixtures = loadBadFlows();

function compileFixture(fixture: BadFlowFixture) {
  return compileFlow(fixture.text, {
    registry: testRegistry(),
    resolver: libraryResolver(fixture.expected.library),
    ...fixture.expected.options,
  });
}

// Problems reduced to the fields fixtures pin, in a stable order.
function comparable(problems: readonly (Problem | ExpectedProblem)[]) {
  return problems
    .map((p) => ({ code: p.code, severity: p.severity, nodeId: p.nodeId, pointer: p.pointer }))
    .sort((a, b) => `${a.pointer} ${a.code}`.localeCompare(`${b.pointer} ${b.code}`));
}

const allProblems: Problem[] = fixtures.flatMap((fixture) => compileFixture(fixture).problems);

// Builds a flow of test node types. Fields in `parts` replace the defaults.
function flow(parts: Partial<FlowDocumentInput>): FlowDocumentInput {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Test flow" },
    languages: ["en"],
    entry: "start",
    nodes: [{ id: "start", type: "test.start" }],
    edges: [],
    ...parts,
  };
}

function compiledPlan(document: unknown, options: Partial<Parameters<typeof compileFlow>[1]> = {}): Plan {
  const result = compileFlow(document, { registry: testRegistry(), ...options });

  if (!result.ok) throw new Error(`expected the flow to compile: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.plan;
}

describe("bad-flow fixtures", () => {
  test.each(fixtures.map((fixture) => [fixture.name, fixture]))("%s gives its expected problems", (_name, fixture) => {
    const result = compileFixture(fixture);

    expect(comparable(result.problems)).toEqual(comparable(fixture.expected.problems));
  });

  test.each(fixtures.map((fixture) => [fixture.name, fixture]))("%s compiles only without errors", (_name, fixture) => {
    const hasErrors = fixture.expected.problems.some((p) => p.severity === "error");

    const result = compileFixture(fixture);

    expect(result.ok).toBe(!hasErrors);
  });

  test.each(fixtures.flatMap((fixture) => fixture.expected.problems.filter((p) => p.messageIncludes).map((p) => [fixture.name, p.code, p, fixture] as const)))(
    "%s message for %s includes its detail",
    (_name, _code, expected, fixture) => {
      const result = compileFixture(fixture);

      const messages = result.problems.filter((p) => p.code === expected.code && p.pointer === expected.pointer).map((p) => p.message);

      expect(messages.join("\n")).toContain(expected.messageIncludes);
    },
  );

  test.each([...PROBLEM_CODES])("cover code %s", (code) => {
    const covering = fixtures.filter((fixture) => fixture.expected.problems.some((p) => p.code === code));

    expect(covering.length).toBeGreaterThan(0);
  });

  test("many-problems lists problems of many codes", () => {
    const fixture = fixtures.find((f) => f.name === "many-problems")!;

    const result = compileFixture(fixture);

    expect(result.ok).toBe(false);
    expect(new Set(result.problems.map((p) => p.code)).size).toBeGreaterThanOrEqual(17);
  });
});

describe("problem", () => {
  test.each(allProblems.map((p) => [p.code, p.pointer, p]))("%s at '%s' has every field", (_code, _pointer, p) => {
    expect(PROBLEM_CODES).toContain(p.code);
    expect(["error", "warning"]).toContain(p.severity);
    expect(typeof p.pointer).toBe("string");
    expect(p.pointer === "" || p.pointer.startsWith("/")).toBe(true);
    expect(p.message.length).toBeGreaterThan(10);
  });

  test.each(allProblems.filter((p) => p.nodeId !== undefined).map((p) => [p.code, p.nodeId, p]))("%s message names node %s", (_code, nodeId, p) => {
    expect(p.message).toMatch(new RegExp(`\\b${nodeId}\\b`));
  });

  const firstOfEachCode = PROBLEM_CODES.map((code) => [code, allProblems.find((p) => p.code === code)] as [ProblemCode, Problem]);

  test.each(firstOfEachCode)("%s is translated to Traditional Chinese", (_code, p) => {
    const text = formatProblem(p, "zh-Hant");

    expect(text).toMatch(/\p{Script=Han}/u);
    expect(text).not.toBe(p.message);
  });

  test.each(firstOfEachCode)("%s is translated to Simplified Chinese", (_code, p) => {
    const text = formatProblem(p, "zh-Hans");

    expect(text).toMatch(/\p{Script=Han}/u);
    expect(text).not.toBe(p.message);
  });

  test("English format matches the message", () => {
    const p = allProblems.find((problem) => problem.code === "unknown-port")!;

    expect(formatProblem(p, "en")).toBe(p.message);
  });

  test.each(["zh-Hant", "zh-Hans"] as const)("%s message keeps node id and type", (locale) => {
    const p = allProblems.find((problem) => problem.code === "unknown-node-type")!;

    const text = formatProblem(p, locale);

    expect(text).toContain(p.nodeId);
    expect(text).toContain(p.params.type);
  });
});

describe("compileFlow on valid flows", () => {
  const menuFlow = flow({
    onHangup: "record",
    variables: { choice: { type: "string", initial: "" } },
    nodes: [
      { id: "start", type: "test.start" },
      { id: "menu", type: "test.menu", config: { options: [{ key: "1", port: "balance" }, { key: "0", port: "agent" }] } },
      { id: "balance", type: "test.say", config: { prompt: { tts: { en: "Your choice was {{ choice }}" } } } },
      { id: "agent", type: "test.set", config: { variable: "choice", expression: "'agent'" } },
      { id: "end", type: "test.end" },
      { id: "record", type: "test.end" },
    ],
    edges: [
      { from: "start", port: "next", to: "menu" },
      { from: "menu", port: "balance", to: "balance" },
      { from: "menu", port: "agent", to: "agent" },
      { from: "menu", port: "timeout", to: "menu" },
      { from: "balance", port: "next", to: "end" },
      { from: "agent", port: "next", to: "end" },
      { from: "agent", port: "error", to: "end" },
    ],
  });

  test("next links match the edges", () => {
    const plan = compiledPlan(menuFlow);

    for (const edge of menuFlow.edges ?? []) {
      expect(plan.nodes.get(edge.from)!.next[edge.port]).toBe(plan.nodes.get(edge.to));
    }
  });

  test("unconnected ports link to nothing", () => {
    const plan = compiledPlan(menuFlow);

    expect(plan.nodes.get("balance")!.next.error).toBeUndefined();
  });

  test("entry and onHangup are plan nodes", () => {
    const plan = compiledPlan(menuFlow);

    expect(plan.entry).toBe(plan.nodes.get("start"));
    expect(plan.onHangup).toBe(plan.nodes.get("record"));
  });

  test("JSON text compiles like the object", () => {
    const fromText = compiledPlan(JSON.stringify(menuFlow));

    expect([...fromText.nodes.keys()]).toEqual([...compiledPlan(menuFlow).nodes.keys()]);
  });

  test("prepared config carries compiled expressions", async () => {
    const plan = compiledPlan(menuFlow);

    const prepared = plan.nodes.get("agent")!.prepared as { expression: { evaluate: (v: object, e: object) => Promise<unknown> } };

    await expect(prepared.expression.evaluate({}, { now: () => 0 })).resolves.toBe("agent");
  });

  test("loop through a waiting node is allowed", () => {
    const document = flow({
      variables: { count: { type: "number", initial: 0 } },
      nodes: [
        { id: "start", type: "test.start" },
        { id: "ask", type: "test.wait" },
        { id: "count", type: "test.set", config: { variable: "count", expression: "count + 1" } },
      ],
      edges: [
        { from: "start", port: "next", to: "ask" },
        { from: "ask", port: "next", to: "count" },
        { from: "count", port: "next", to: "ask" },
      ],
    });

    const result = compileFlow(document, { registry: testRegistry() });

    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => p.code)).not.toContain("loop-without-wait");
  });

  test("self-loop without a wait is rejected", () => {
    const document = flow({
      variables: { count: { type: "number", initial: 0 } },
      nodes: [
        { id: "start", type: "test.start" },
        { id: "count", type: "test.set", config: { variable: "count", expression: "count + 1" } },
      ],
      edges: [
        { from: "start", port: "next", to: "count" },
        { from: "count", port: "next", to: "count" },
      ],
    });

    const result = compileFlow(document, { registry: testRegistry() });

    expect(result.problems.map((p) => p.code)).toEqual(["loop-without-wait"]);
  });

  test("worst-case steps count a loop by the allowance", () => {
    const document = flow({
      nodes: [
        { id: "start", type: "test.start" },
        { id: "ask", type: "test.wait" },
        { id: "again", type: "test.say", config: { prompt: { tts: { en: "Again" } } } },
        { id: "end", type: "test.end" },
      ],
      edges: [
        { from: "start", port: "next", to: "ask" },
        { from: "ask", port: "next", to: "again" },
        { from: "again", port: "next", to: "ask" },
        { from: "ask", port: "error", to: "end" },
      ],
    });

    const plan = compiledPlan(document, { loopAllowance: 3 });

    expect(plan.worstCaseSteps).toBe(1 + 2 * 3 + 1);
  });

  test("resolved references are pinned in the plan", () => {
    const library = {
      flows: { verify: flow({ name: { en: "Verify" } }) },
      prompts: { welcome: { languages: { en: { uri: "sound:custom/welcome-en", durationMs: 1200 } } } },
      calendars: { holidays: { days: [{ date: "2026-12-25", name: "Christmas" }] } },
    };
    const document = flow({
      nodes: [
        { id: "start", type: "test.start" },
        { id: "hours", type: "test.cal", config: { calendar: "holidays" } },
        { id: "greet", type: "test.say", config: { prompt: { audio: "welcome" } } },
        { id: "verify", type: "test.sub", config: { flow: "verify" } },
      ],
      edges: [
        { from: "start", port: "next", to: "hours" },
        { from: "hours", port: "open", to: "greet" },
        { from: "hours", port: "closed", to: "verify" },
        { from: "greet", port: "next", to: "verify" },
      ],
    });

    const plan = compiledPlan(document, { resolver: libraryResolver(library) });

    expect(plan.references).toEqual({ subflows: ["verify"], prompts: ["welcome"], calendars: ["holidays"] });
  });

  test("library prompt of TTS text", () => {
    const library = {
      prompts: { welcome: { languages: { en: { text: "Welcome to the bank" }, cmn: { uri: "sound:custom/welcome-cmn" } } } },
    };
    const document = flow({
      languages: ["en", "cmn"],
      nodes: [
        { id: "start", type: "test.start" },
        { id: "greet", type: "test.say", config: { prompt: { audio: "welcome" } } },
      ],
      edges: [{ from: "start", port: "next", to: "greet" }],
    });

    const plan = compiledPlan(document, { resolver: libraryResolver(library) });
    const prompt = (plan.nodes.get("greet")!.prepared as { prompt: PreparedPrompt }).prompt;

    expect(prompt.languages.get("en")).toEqual({ text: "Welcome to the bank" });
    expect(prompt.languages.get("cmn")).toEqual({ uri: "sound:custom/welcome-cmn", text: undefined, durationMs: undefined });
  });

  test("library prompt without uri or text", () => {
    const library = { prompts: { welcome: { languages: { en: {} } } } };
    const document = flow({
      nodes: [
        { id: "start", type: "test.start" },
        { id: "greet", type: "test.say", config: { prompt: { audio: "welcome" } } },
      ],
      edges: [{ from: "start", port: "next", to: "greet" }],
    });

    const result = compileFlow(document, { registry: testRegistry(), resolver: libraryResolver(library) });

    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(["unresolved-reference"]);
  });

  test("variable with an initial value needs no writer", () => {
    const document = flow({
      variables: { amount: { type: "number", initial: 5 } },
      nodes: [
        { id: "start", type: "test.start" },
        { id: "double", type: "test.set", config: { variable: "total", expression: "amount * 2" } },
      ],
      edges: [{ from: "start", port: "next", to: "double" }],
    });

    const result = compileFlow(document, { registry: testRegistry() });

    expect(result.problems).toEqual([]);
  });
});

describe("compileFlow with subflows", () => {
  const caller = (name: string, targets: string[]) =>
    flow({
      name: { en: name },
      nodes: [{ id: "start", type: "test.start" }, ...targets.map((target, i) => ({ id: `call${i}`, type: "test.sub", config: { flow: target } }))],
      edges: targets.map((_, i) => ({ from: i === 0 ? "start" : `call${i - 1}`, port: "next", to: `call${i}` })),
    });

  test("subflow that does not compile is reported on the calling node", () => {
    const library = { flows: { broken: flow({ nodes: [{ id: "start", type: "test.fax" }] }) } };

    const result = compileFlow(caller("main", ["broken"]), { registry: testRegistry(), resolver: libraryResolver(library) });

    expect(comparable(result.problems)).toEqual([{ code: "invalid-config", severity: "error", nodeId: "call0", pointer: "/nodes/1/config/flow" }]);
    expect(result.problems[0].message).toContain('subflow "broken" does not compile');
  });

  test("nested message ends in one full stop", () => {
    const library = { flows: { broken: flow({ nodes: [{ id: "start", type: "test.fax" }] }) } };

    const result = compileFlow(caller("main", ["broken"]), { registry: testRegistry(), resolver: libraryResolver(library) });

    expect(result.problems[0].message).not.toMatch(/\.\.$/);
  });

  test("subflow calling itself is a cycle", () => {
    const library = { flows: { again: caller("again", ["again"]) } };

    const result = compileFlow(caller("main", ["again"]), { registry: testRegistry(), resolver: libraryResolver(library) });

    expect(result.problems.map((p) => p.code)).toEqual(["subflow-cycle"]);
    expect(result.problems[0].message).toContain("again → again");
  });

  test("every node that enters a cycle reports it", () => {
    const library = { flows: { again: caller("again", ["again"]) } };

    const result = compileFlow(caller("main", ["again", "again"]), { registry: testRegistry(), resolver: libraryResolver(library) });

    expect(result.problems.map((p) => [p.code, p.nodeId])).toEqual([
      ["subflow-cycle", "call0"],
      ["subflow-cycle", "call1"],
    ]);
  });

  test("plan id defaults to main", () => {
    const plan = compiledPlan(caller("main", []));

    expect(plan.id).toBe("main");
  });

  test("subflow plan id is its reference name", () => {
    const library = { flows: { verify: flow({ name: { en: "Verify" } }) } };

    const plan = compiledPlan(caller("main", ["verify"]), { resolver: libraryResolver(library) });

    expect((plan.nodes.get("call0")!.prepared as { plan: Plan }).plan.id).toBe("verify");
  });

  test("subflow used twice compiles once", () => {
    let lookups = 0;
    const resolver = {
      flow: (name: string) => {
        lookups++;
        return name === "verify" ? flow({ name: { en: "Verify" } }) : undefined;
      },
    };

    const plan = compiledPlan(caller("main", ["verify", "verify"]), { resolver });

    expect(lookups).toBe(1);
    expect((plan.nodes.get("call0")!.prepared as { plan: Plan }).plan).toBe((plan.nodes.get("call1")!.prepared as { plan: Plan }).plan);
  });
});

describe("flowDocumentJsonSchema", () => {
  test("is an object schema", () => {
    const schema = flowDocumentJsonSchema();

    expect(schema.type).toBe("object");
  });

  test("describes nodes as an array of objects", () => {
    const properties = flowDocumentJsonSchema().properties as Record<string, { type?: string; items?: { type?: string; required?: string[] } }>;

    expect(properties.nodes.type).toBe("array");
    expect(properties.nodes.items?.type).toBe("object");
    expect(properties.nodes.items?.required).toEqual(expect.arrayContaining(["id", "type"]));
  });

  test("requires the document's core fields", () => {
    const schema = flowDocumentJsonSchema();

    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "kind", "name", "languages", "entry", "nodes"]));
  });

  test("carries an id and title", () => {
    const schema = flowDocumentJsonSchema();

    expect(schema.$id).toBe("urn:callflow:flow-document:1");
    expect(schema.title).toBe("Callflow flow document");
  });
});

describe("localized validation details", () => {
  // A set node whose variable is a number: zod's own message, in each locale.
  const badSet = () =>
    compileFlow(
      flow({
        nodes: [
          { id: "start", type: "test.start" },
          { id: "count", type: "test.set", config: { variable: 5, expression: "1" } },
        ],
        edges: [{ from: "start", port: "next", to: "count" }],
      }),
      { registry: testRegistry() },
    ).problems.find((found) => found.code === "invalid-config")!;

  test.each([
    ["en", 'Node "count": /variable Invalid input: expected string, received number.'],
    ["zh-Hans", "节点“count”：/variable 无效输入：期望 string，实际接收 数字。"],
    ["zh-Hant", "節點「count」：/variable 無效的輸入值：預期為 string，但收到 number。"],
  ] as const)("node config detail in %s", (locale, message) => {
    expect(formatProblem(badSet(), locale)).toBe(message);
  });

  test("document detail in zh-Hant", () => {
    const result = compileFlow({ ...flow({}), languages: "en" }, { registry: testRegistry() });

    expect(formatProblem(result.problems[0], "zh-Hant")).toBe("文件的 /languages 無效：無效的輸入值：預期為 array，但收到 string。");
  });
});
