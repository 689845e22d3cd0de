import path from "node:path";

import { runCli, smallFlow, writeTempFiles } from "./support/run-cli.js";

// One document with several independent mistakes, so the output must list all of them.
function brokenFlow(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Broken" },
    languages: ["cmn", "en"],
    entry: "start",
    nodes: [
      { id: "start", type: "call.inbound" },
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }] } },
      { id: "mystery", type: "custom.thing" },
      { id: "set", type: "logic.set", config: { assignments: [{ variable: "total", value: "1 +" }] } },
    ],
    edges: [
      { from: "start", port: "next", to: "menu" },
      { from: "menu", port: "two", to: "set" },
      { from: "set", port: "next", to: "nowhere" },
    ],
  };
}

describe("callflow validate", () => {
  it("accepts the examples", async () => {
    const run = await runCli(["validate", "examples/bank-hotline/flow.json", "examples/after-hours/flow.json", "examples/satisfaction-survey/flow.json"]);

    expect(run.stdout).toContain("examples/bank-hotline/flow.json: valid, no problems");
    expect(run.stdout).toContain("3 files checked, 0 invalid");
    expect(run.code).toBe(0);
  });

  it("reports how many expressions compile to closures", async () => {
    const run = await runCli(["validate", "examples/after-hours/flow.json"]);

    expect(run.stdout).toMatch(/expressions: (\d+) of \1 compiled to closures/);
  });

  it("names an expression that runs on the JSONata engine", async () => {
    const flow = {
      ...smallFlow(),
      onHangup: undefined,
      nodes: [
        { id: "start", type: "logic.set", config: { assignments: [{ variable: "total", value: "$sum($map([1, 2], function($v) { $v * 2 }))" }] } },
        { id: "end", type: "flow.end" },
      ],
      edges: [{ from: "start", port: "next", to: "end" }],
    };
    const folder = writeTempFiles({ "flow.json": JSON.stringify(flow) });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.stdout).toContain("expressions: 0 of 1 compiled to closures");
    expect(run.stdout).toContain('start: "$sum($map([1, 2], function($v) { $v * 2 }))" runs on the JSONata engine');
  });

  it("lists every problem with node ids", async () => {
    const folder = writeTempFiles({ "flow.json": brokenFlow() });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("flow.json:/nodes/2/type: error unknown-node-type (node mystery)");
    expect(run.stdout).toContain("flow.json:/edges/1/port: error unknown-port (node menu)");
    expect(run.stdout).toContain("flow.json:/edges/2/to: error unknown-edge-target (node set)");
    expect(run.stdout).toContain("flow.json:/nodes/3/config/assignments/0/value: error expression-syntax (node set)");
    expect(run.stdout).toContain("error unconnected-required-port (node menu)");
    expect(run.stdout).toContain("warning missing-prompt-language (node menu)");
    expect(run.stdout).toContain("warning unreachable-node (node mystery)");
    expect(run.stdout).toContain("flow.json: invalid, 5 errors, 2 warnings");
  });

  it("lists every problem as JSON", async () => {
    const folder = writeTempFiles({ "flow.json": brokenFlow() });

    const run = await runCli(["validate", "--json", "flow.json"], folder);
    const output = JSON.parse(run.stdout);

    expect(run.code).toBe(1);
    expect(output.ok).toBe(false);
    expect(output.files).toHaveLength(1);
    expect(output.files[0].problems.map((p: { code: string; nodeId: string }) => `${p.code} ${p.nodeId}`)).toEqual([
      "missing-prompt-language menu",
      "unknown-node-type mystery",
      "expression-syntax set",
      "unknown-port menu",
      "unknown-edge-target set",
      "unconnected-required-port menu",
      "unreachable-node mystery",
    ]);
    expect(output.files[0].problems[1]).toEqual({
      file: "flow.json",
      severity: "error",
      code: "unknown-node-type",
      nodeId: "mystery",
      pointer: "/nodes/2/type",
      message: expect.stringContaining('"custom.thing"'),
    });
  });

  it("passes a flow with warnings only", async () => {
    const flow = smallFlow();

    flow.languages = ["en", "yue"];
    const folder = writeTempFiles({ "flow.json": flow });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.stdout).toContain("warning missing-prompt-language");
    expect(run.stdout).toContain("flow.json: valid, 2 warnings");
    expect(run.code).toBe(0);
  });

  it("checks every file given", async () => {
    const folder = writeTempFiles({ "good/flow.json": smallFlow(), "bad/flow.json": brokenFlow() });

    const run = await runCli(["validate", "bad/flow.json", "good/flow.json"], folder);

    expect(run.stdout).toContain(`${path.join("bad", "flow.json")}: invalid`);
    expect(run.stdout).toContain(`${path.join("good", "flow.json")}: valid`);
    expect(run.stdout).toContain("2 files checked, 1 invalid");
    expect(run.code).toBe(1);
  });

  it("reports a missing file and goes on", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow() });

    const run = await runCli(["validate", "absent.json", "flow.json"], folder);

    expect(run.stdout).toContain("absent.json: error file-not-found: absent.json does not exist; check the path");
    expect(run.stdout).toContain("flow.json: valid");
    expect(run.code).toBe(1);
  });

  it("reports invalid JSON with its line", async () => {
    const folder = writeTempFiles({ "flow.json": '{\n  "schemaVersion": 1,\n}' });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.stdout).toMatch(/flow\.json: error invalid-json: .*line 3, column 1/);
    expect(run.code).toBe(1);
  });

  it("lists the problems of a subflow file", async () => {
    const flow = smallFlow();
    const subflow: Record<string, unknown> = { ...smallFlow(), nodes: [{ id: "only", type: "ivr.menu", config: { prompt: { tts: { en: "x" } }, options: [] } }], entry: "only", edges: [] };

    delete subflow.onHangup;
    (flow.nodes as unknown[]).push({ id: "sub", type: "flow.subflow", config: { flow: "helper" } });
    (flow.edges as unknown[]).push({ from: "thanks", port: "error", to: "sub" }, { from: "sub", port: "next", to: "end" });
    const folder = writeTempFiles({ "flow.json": flow, "flows/helper.json": subflow });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.stdout).toContain('flow.json:/nodes/5/config/flow: error invalid-config (node sub): Node "sub": /flow subflow "helper" does not compile');
    expect(run.stdout).toContain(`${path.join("flows", "helper.json")}:/nodes/0/config/options: error invalid-config (node only)`);
    expect(run.code).toBe(1);
  });

  it("reports a library file that is not JSON by name", async () => {
    const flow = smallFlow();

    (flow.nodes as Array<{ id: string; config?: unknown }>)[2].config = { prompt: { audio: "thanks" } };
    const folder = writeTempFiles({ "flow.json": flow, "prompts/thanks.json": "{ not json" });

    const run = await runCli(["validate", "flow.json"], folder);

    expect(run.stdout).toContain(`${path.join("prompts", "thanks.json")}: error library-invalid-json:`);
    expect(run.stdout).not.toContain("unresolved-reference");
    expect(run.code).toBe(1);
  });

  it("resolves references from --library", async () => {
    const flow = smallFlow();

    (flow.nodes as Array<{ id: string; config?: unknown }>)[2].config = { prompt: { audio: "thanks" } };
    const prompt = { languages: { en: { uri: "sound:thanks", text: "Thank you" } } };
    const folder = writeTempFiles({ "flows/main.json": flow, "shared/prompts/thanks.json": prompt });

    const run = await runCli(["validate", "--library", "shared", "flows/main.json"], folder);

    expect(run.stdout).toContain("valid, no problems");
    expect(run.code).toBe(0);
  });

  it("prints messages in Traditional Chinese", async () => {
    const folder = writeTempFiles({ "flow.json": brokenFlow() });

    const run = await runCli(["validate", "--locale", "zh-Hant", "flow.json"], folder);

    expect(run.stdout).toContain("節點「mystery」的類型「custom.thing」未安裝");
  });

  it("asks for a file", async () => {
    const run = await runCli(["validate"]);

    expect(run.stderr).toContain("callflow: name at least one flow file");
    expect(run.stderr).toContain("See callflow validate --help.");
    expect(run.code).toBe(2);
  });
});
