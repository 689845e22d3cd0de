import { readFileSync } from "node:fs";
import path from "node:path";

import { RUNTIME_VERSION } from "../../src/cli/version.js";
import { REPO_ROOT, runCli } from "./support/run-cli.js";

describe("callflow program", () => {
  it("prints help without a command", async () => {
    const run = await runCli([]);

    expect(run.stdout).toContain("Usage: callflow COMMAND [options]");
    expect(run.stdout).toMatch(/validate +check flow files and list every problem/);
    expect(run.code).toBe(0);
  });

  it.each(["validate", "run", "test", "schema"])("prints the help of %s", async (command) => {
    const viaOption = await runCli([command, "--help"]);
    const viaHelp = await runCli(["help", command]);

    expect(viaOption.stdout).toContain(`Usage: callflow ${command} [options]`);
    expect(viaHelp.stdout).toBe(viaOption.stdout);
    expect(viaOption.code).toBe(0);
  });

  it("prints the package version", async () => {
    const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, "runtime", "package.json"), "utf8"));

    const run = await runCli(["--version"]);

    expect(RUNTIME_VERSION).toBe(packageJson.version);
    expect(run.stdout).toBe(`${packageJson.version}\n`);
  });

  it("rejects an unknown command", async () => {
    const run = await runCli(["deploy"]);

    expect(run.stderr).toBe('callflow: unknown command "deploy"; the commands are validate, run, test, schema, serve\nSee callflow --help.\n');
    expect(run.code).toBe(2);
  });
});
