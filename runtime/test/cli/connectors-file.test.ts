import { runCli, smallFlow, writeTempFiles } from "./support/run-cli.js";

const AT = "2026-12-07T10:00:00+08:00";

function folderWith(connectors: unknown): string {
  return writeTempFiles({ "flow.json": smallFlow(), "tests.json": { cases: [{ name: "no key", at: AT, expect: { ended: "completed" } }] }, "connectors.yaml": connectors });
}

const database = { name: "core-banking", kind: "database", settings: { driver: "postgres", host: "127.0.0.1", database: "bank" }, secret: "login" };

describe("--connectors", () => {
  it("accepts a valid file", async () => {
    const folder = folderWith({ allow: ["127.0.0.1"], connectors: [database], secrets: { login: { type: "basic", username: "ivr", password: "pw" } } });

    const run = await runCli(["test", "--connectors", "connectors.yaml", "flow.json"], folder);

    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("1 flow, 1 case: 1 passed, 0 failed; every flow passed");
    expect(run.code).toBe(0);
  });

  it("names a missing file", async () => {
    const run = await runCli(["test", "--connectors", "missing.yaml", "flow.json"], folderWith({}));

    expect(run.stderr).toContain("missing.yaml: cannot be read (ENOENT");
    expect(run.code).toBe(1);
  });

  it("names invalid settings", async () => {
    const folder = folderWith({ connectors: [{ ...database, settings: { driver: "db2", host: "127.0.0.1", database: "bank" } }] });

    const run = await runCli(["run", "flow.json", "--connectors", "connectors.yaml"], folder);

    expect(run.stderr).toContain('connectors.yaml: connectors.0 ("core-banking"): invalid database connector settings: settings.driver: a driver: postgres, mysql, sqlserver, oracle');
    expect(run.code).toBe(1);
  });

  it("names an unset password variable", async () => {
    const folder = folderWith({ connectors: [database], secrets: { login: { type: "basic", username: "ivr", passwordEnv: "CALLFLOW_TEST_UNSET_PASSWORD" } } });

    const run = await runCli(["test", "--connectors", "connectors.yaml", "flow.json"], folder);

    expect(run.stderr).toContain("connectors.yaml: secrets.login: environment variable CALLFLOW_TEST_UNSET_PASSWORD is not set; set it or write the value in the file");
    expect(run.code).toBe(1);
  });

  it("rejects password and passwordEnv together", async () => {
    const folder = folderWith({ secrets: { login: { type: "basic", username: "ivr", password: "pw", passwordEnv: "X" } } });

    const run = await runCli(["test", "--connectors", "connectors.yaml", "flow.json"], folder);

    expect(run.stderr).toContain("connectors.yaml: secrets.login: give either password or passwordEnv");
    expect(run.code).toBe(1);
  });
});
