import { readFileSync } from "node:fs";
import path from "node:path";

import { createDemoBankDatabase, type DemoBankDatabase } from "../connectors/database/support/demo-bank-database.js";
import { REPO_ROOT, runCli, scriptFlow, smallFlow, writeTempFiles } from "./support/run-cli.js";

const EXAMPLES = ["examples/bank-hotline/flow.json", "examples/after-hours/flow.json", "examples/satisfaction-survey/flow.json"];
const AT = "2026-12-07T10:00:00+08:00";

// Cases for smallFlow() that take every node and port: option 1, a timeout, an invalid key and a hang-up.
const FULL_CASES = [
  { name: "option one", at: AT, input: "1@1s", expect: { path: ["start", "menu", "thanks", "end"], prompts: ["Press 1", "Thank you"], ended: "completed" } },
  { name: "no key", at: AT, expect: { path: ["start", "menu"], ended: "completed" } },
  { name: "wrong key", at: AT, input: "2@1s", expect: { path: ["start", "menu"] } },
  { name: "hang up", at: AT, input: "hangup@0.2s", expect: { path: ["start", "menu", "log-hangup"], ended: "hangup" } },
];

// The bank hotline reads balances and PIN hashes from its core-banking database.
let bank: DemoBankDatabase;

beforeAll(async () => {
  bank = await createDemoBankDatabase();
}, 60_000);

afterAll(async () => {
  await bank?.drop();
});

describe("callflow test", () => {
  it("passes the examples at full coverage", async () => {
    const run = await runCli(["test", "--min-coverage", "100", "--connectors", bank.connectorsFile, ...EXAMPLES]);

    expect(run.stdout).toContain("coverage: nodes 34/34 (100%), ports 60/60 (100%)");
    expect(run.stdout).toContain("coverage: nodes 9/9 (100%), ports 10/10 (100%)");
    expect(run.stdout).toContain("coverage: nodes 15/15 (100%), ports 25/25 (100%)");
    expect(run.stdout).toContain("3 flows, 53 cases: 53 passed, 0 failed; every flow passed (minimum coverage 100%)");
    expect(run.stdout).not.toContain("FAILED");
    expect(run.code).toBe(0);
  });

  it("reports a failed case with its differences", async () => {
    const cases = [{ ...FULL_CASES[0], expect: { path: ["start", "menu", "end"], prompts: ["Press 1", "Thanks"], ended: "hangup", variables: { language: "cmn" } } }];
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain("  FAILED  option one (completed after 4 steps)");
    expect(run.stdout).toContain("the call ended by completed, expected hangup");
    expect(run.stdout).toContain('path differs at item 3: expected "end", got "thanks"; the call\'s path: "start", "menu", "thanks", "end"');
    expect(run.stdout).toContain('prompts differs at item 2: expected "Thanks", got "Thank you"');
    expect(run.stdout).toContain('variable language is "en", expected "cmn"');
    expect(run.stdout).toContain("1 flow, 1 case: 0 passed, 1 failed; 1 flow failed");
    expect(run.code).toBe(1);
  });

  it("reports a path shorter than expected", async () => {
    const cases = [{ ...FULL_CASES[1], expect: { path: ["start", "menu", "thanks"] } }];
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain('path differs at item 3: expected "thanks", got nothing more');
    expect(run.code).toBe(1);
  });

  it("hides the value of a sensitive variable", async () => {
    const cases = [{ name: "balance", at: AT, input: "1@4s,1@9s,1234567890#@14s,7890@24s", expect: { variables: { accountNo: "0000000000" } } }];
    const bankHotline = path.join(REPO_ROOT, "examples", "bank-hotline");
    const folder = writeTempFiles({ "flow.json": readFileSync(path.join(bankHotline, "flow.json"), "utf8"), "tests.json": { cases } });

    const run = await runCli(["test", "--library", bankHotline, "--connectors", bank.connectorsFile, "flow.json"], folder);

    expect(run.stdout).toContain('variable accountNo is a different value (sensitive, not shown), expected "0000000000"');
    expect(run.stdout).not.toContain("1234567890");
    expect(run.code).toBe(1);
  });

  it("runs a script in the sandbox", async () => {
    const cases = [{ name: "adds", at: AT, expect: { path: ["start", "sum", "end"], variables: { total: 42 }, ended: "completed" } }];
    const folder = writeTempFiles({ "flow.json": scriptFlow(), "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("1 flow, 1 case: 1 passed, 0 failed");
    expect(run.code).toBe(0);
  });

  it("asks for tests.json beside the flow", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow() });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain(`${path.join(folder, "tests.json")}: there is no tests.json beside the flow; create one with { "cases": [ ... ] }`);
    expect(run.code).toBe(1);
  });

  it("fails coverage below the minimum", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases: [FULL_CASES[0]] } });

    const run = await runCli(["test", "--min-coverage", "90", "flow.json"], folder);

    expect(run.stdout).toContain("  ok      option one (completed after 4 steps)");
    expect(run.stdout).toContain("coverage: nodes 4/5 (80%), ports 3/6 (50%) - below the minimum of 90%");
    expect(run.stdout).toContain("nodes not covered: log-hangup");
    expect(run.stdout).toContain("ports not covered: menu:timeout, menu:invalid, log-hangup:next");
    expect(run.code).toBe(1);
  });

  it("passes low coverage without a minimum", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases: [FULL_CASES[0]] } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.code).toBe(0);
  });

  it("reaches full coverage of a small flow", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases: FULL_CASES } });

    const run = await runCli(["test", "--min-coverage", "100", "flow.json"], folder);

    expect(run.stdout).toContain("coverage: nodes 5/5 (100%), ports 6/6 (100%)");
    expect(run.code).toBe(0);
  });

  it("counts a connected error port", async () => {
    const flow = smallFlow();

    (flow.nodes as unknown[]).push({ id: "choose", type: "call.setLanguage", config: { expression: '"fr"' } }, { id: "failed", type: "util.log", config: { message: "no such language" } });
    flow.entry = "choose";
    (flow.edges as unknown[]).push({ from: "choose", port: "next", to: "start" }, { from: "choose", port: "error", to: "failed" });
    const cases = [{ name: "unknown language", at: AT, expect: { path: ["choose", "failed"], ended: "completed" } }];
    const folder = writeTempFiles({ "flow.json": flow, "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain("  ok      unknown language");
    expect(run.stdout).toContain("coverage: nodes 2/7 (28.5%), ports 2/9 (22.2%)");
    expect(run.stdout).toContain("ports not covered: start:next, menu:one, menu:timeout, menu:invalid, thanks:next, log-hangup:next, choose:next");
    expect(run.stdout).not.toContain("choose:error");
  });

  it("counts subflow nodes by subflow name", async () => {
    const flow = smallFlow();
    const subflow = { schemaVersion: 1, kind: "ivr", name: { en: "Helper" }, languages: ["en"], entry: "note", nodes: [{ id: "note", type: "util.log", config: { message: "helping" } }] };

    (flow.nodes as unknown[]).push({ id: "help", type: "flow.subflow", config: { flow: "helper" } });
    (flow.edges as Array<{ from: string; port: string; to: string }>)[2].to = "help";
    (flow.edges as unknown[]).push({ from: "help", port: "next", to: "end" });
    const cases = [{ name: "option one", at: AT, input: "1@1s", expect: { path: ["start", "menu", "thanks", "help", "helper/note", "end"] } }];
    const folder = writeTempFiles({ "flow.json": flow, "flows/helper.json": subflow, "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain("  ok      option one");
    expect(run.stdout).toContain("coverage: nodes 6/7 (85.7%), ports 5/8 (62.5%)");
  });

  it("prints the results as JSON", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases: FULL_CASES.slice(0, 2) } });

    const run = await runCli(["test", "--json", "--min-coverage", "50", "flow.json"], folder);
    const output = JSON.parse(run.stdout);

    expect(output.ok).toBe(true);
    expect(output.minCoverage).toBe(50);
    expect(output.files[0].cases.map((c: { name: string; failures: string[] }) => [c.name, c.failures])).toEqual([
      ["option one", []],
      ["no key", []],
    ]);
    expect(output.files[0].coverage.nodes).toEqual({ covered: 4, total: 5, percent: 80, uncovered: ["log-hangup"] });
    expect(output.files[0].coverage.ports.uncovered).toEqual(["menu:invalid", "log-hangup:next"]);
    expect(run.code).toBe(0);
  });

  it("lists every problem of tests.json", async () => {
    const cases = [
      { name: "one", at: "2026-12-07T10:00:00", expect: { ended: "finished" } },
      { name: "one", at: AT, input: "1@x", expect: {}, extra: true },
    ];
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases } });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toContain('case "one": cases[0].at: "2026-12-07T10:00:00" has no UTC offset; add one, such as +08:00 or Z');
    expect(run.stdout).toContain('case "one": cases[0].expect.ended: Invalid option: expected one of "completed"|"hangup"|"error"|"step-limit"');
    expect(run.stdout).toContain('case "one": cases[1].input: caller action "1@x" has time "x"');
    expect(run.stdout).toContain('case "one": cases[1]: Unrecognized key: "extra"');
    expect(run.stdout).toContain('cases[1].name: "one" is the name of an earlier case; give each case its own name');
    expect(run.code).toBe(1);
  });

  it("reports tests.json that is not JSON", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow(), "tests.json": "{ cases: [] }" });

    const run = await runCli(["test", "flow.json"], folder);

    expect(run.stdout).toMatch(/tests\.json: not valid JSON: .*line 1, column 3/);
    expect(run.code).toBe(1);
  });

  it("rejects a minimum above 100", async () => {
    const run = await runCli(["test", "--min-coverage", "120", EXAMPLES[0]]);

    expect(run.stderr).toContain('callflow: --min-coverage "120" is not a percentage from 0 to 100, such as 90');
    expect(run.code).toBe(2);
  });
});
