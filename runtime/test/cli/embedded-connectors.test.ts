import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";

import { runCli, smallFlow, writeTempFiles } from "./support/run-cli.js";

jest.setTimeout(180_000);

const EXAMPLES = ["examples/bank-hotline/flow.json", "examples/after-hours/flow.json", "examples/satisfaction-survey/flow.json"];
const AT = "2026-12-07T10:00:00+08:00";

function embeddedFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("callflow-embedded-postgres-"));
}

// The child deletes its folder after the server stops, shortly after the command returns.
async function waitForFolderGone(folders: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;

  while (embeddedFolders().some((name) => !folders.includes(name))) {
    if (Date.now() > deadline) throw new Error(`temporary folders left behind: ${embeddedFolders().join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("embedded connectors", () => {
  it("passes the examples with no options", async () => {
    const before = embeddedFolders();

    const run = await runCli(["test", "--min-coverage", "100", ...EXAMPLES]);

    expect(run.stderr).toContain("using connectors file examples/connectors.yaml");
    expect(run.stdout).not.toContain("FAILED");
    expect(run.stdout).toContain("3 flows, 53 cases: 53 passed, 0 failed; every flow passed (minimum coverage 100%)");
    expect(run.code).toBe(0);
    await waitForFolderGone(before);
    for (const name of embeddedFolders()) expect(before).toContain(name);
  });

  it("prints the balance in a run", async () => {
    const before = embeddedFolders();

    const run = await runCli(["run", "examples/bank-hotline/flow.json", "--at", AT, "--input", "1@4s,1@9s,1234567890#@14s,7890@24s"]);

    expect(run.stderr).toContain("using connectors file examples/connectors.yaml");
    expect(run.stdout).toContain("52,300");
    expect(run.code).toBe(0);
    await waitForFolderGone(before);
  });

  it("names a missing seed file", async () => {
    const folder = writeTempFiles({
      "flow.json": smallFlow(),
      "connectors.yaml": { connectors: [{ name: "core-banking", kind: "database", embedded: { seed: "missing.sql" } }] },
    });

    const run = await runCli(["run", "flow.json"], folder);

    expect(run.stderr).toContain(`connectors.yaml: connectors.0.embedded.seed: the seed file ${folder}/missing.sql does not exist; give an SQL file's path relative to connectors.yaml`);
    expect(run.code).toBe(1);
  });

  it("rejects embedded with settings", async () => {
    const folder = writeTempFiles({
      "flow.json": smallFlow(),
      "connectors.yaml": { connectors: [{ name: "core-banking", kind: "database", settings: { host: "127.0.0.1" }, embedded: {} }] },
    });

    const run = await runCli(["run", "--connectors", "connectors.yaml", "flow.json"], folder);

    expect(run.stderr).toContain("connectors.yaml: connectors.0.embedded: an embedded connector gets its settings and login from the server that the command starts");
    expect(run.code).toBe(1);
  });

  it("names a failing seed file", async () => {
    const before = embeddedFolders();
    const folder = writeTempFiles({
      "flow.json": smallFlow(),
      "broken.sql": "create tabel accounts (id int);",
      "connectors.yaml": { connectors: [{ name: "core-banking", kind: "database", embedded: { seed: "broken.sql" } }] },
    });

    const run = await runCli(["run", "flow.json"], folder);

    expect(run.stderr).toContain(`loading the seed file ${folder}/broken.sql of connector "core-banking" failed: syntax error`);
    expect(run.code).toBe(1);
    await waitForFolderGone(before);
    expect(existsSync(folder)).toBe(true);
  });
});
