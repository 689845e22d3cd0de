import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { openConnectorsFile } from "../../runtime/src/cli/connectors-file.js";
import { main } from "../../runtime/src/cli/program.js";
import { createDemoBankDatabase, type DemoBankDatabase } from "../../runtime/test/connectors/database/support/demo-bank-database.js";

jest.setTimeout(60_000);

const REPO_ROOT = path.join(__dirname, "..", "..");
const FLOWS = ["examples/bank-hotline/flow.json", "examples/after-hours/flow.json", "examples/satisfaction-survey/flow.json"];

let bank: DemoBankDatabase;

beforeAll(async () => {
  bank = await createDemoBankDatabase();
});

afterAll(async () => {
  await bank?.drop();
});

async function callflow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: "", stderr: "" };
  const code = await main(args, { stdout: (text) => void (output.stdout += text), stderr: (text) => void (output.stderr += text), cwd: REPO_ROOT });

  return { code, ...output };
}

describe("example flows", () => {
  test("pass at full coverage", async () => {
    const run = await callflow(["test", "--min-coverage", "100", "--connectors", bank.connectorsFile, ...FLOWS]);

    expect(run.stdout).not.toContain("FAILED");
    expect(run.stdout).toContain("coverage: nodes 34/34 (100%), ports 60/60 (100%)");
    expect(run.stdout).toContain("3 flows, 53 cases: 53 passed, 0 failed; every flow passed (minimum coverage 100%)");
    expect(run.code).toBe(0);
  });

  test("balance comes from the database", async () => {
    const run = await callflow(["run", "examples/bank-hotline/flow.json", "--connectors", bank.connectorsFile, "--at", "2026-12-07T10:00:00+08:00", "--input", "3@4s,1@9s,9876543210#@14s,3210@24s"]);

    expect(run.stdout).toContain('prompt [en] "The available balance of your account ending in 3210 is 1,280 New Taiwan dollars." played');
    expect(run.code).toBe(0);
  });

  test("without the connector the balance fails", async () => {
    const empty = path.join(mkdtempSync(path.join(tmpdir(), "callflow-examples-")), "connectors.yaml");

    writeFileSync(empty, "connectors: []\n");
    const run = await callflow(["run", "examples/bank-hotline/flow.json", "--connectors", empty, "--at", "2026-12-07T10:00:00+08:00", "--input", "1@4s,1@9s,1234567890#@14s"]);

    expect(run.stdout).toContain('connector-not-found: database connector "core-banking" is not found');
  });

  test("connectors.yaml is a valid file", async () => {
    // The file's embedded server runs in a child process, which needs the TypeScript hooks under Jest.
    const hooks = path.join(REPO_ROOT, "runtime", "test", "store", "support", "register-hooks.mjs");
    const services = await openConnectorsFile("examples/connectors.yaml", REPO_ROOT, {}, { childExecArgv: ["--import", hooks] });

    expect(services.services.get({ name: "sql" })).toBeDefined();
    await services.close();
  });
});
