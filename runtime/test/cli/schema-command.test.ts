import { flowDocumentJsonSchema } from "@callflow/sdk";

import { runCli } from "./support/run-cli.js";

describe("callflow schema", () => {
  it("prints the flow document schema", async () => {
    const run = await runCli(["schema"]);

    expect(JSON.parse(run.stdout)).toEqual(flowDocumentJsonSchema());
    expect(run.code).toBe(0);
  });

  it("prints the tests.json schema", async () => {
    const run = await runCli(["schema", "tests"]);
    const schema = JSON.parse(run.stdout);

    expect(schema.title).toBe("Callflow tests.json");
    expect(schema.required).toEqual(["cases"]);
    expect(Object.keys(schema.properties.cases.items.properties.expect.properties)).toEqual(["path", "variables", "prompts", "ended"]);
  });

  it("prints the directory schema", async () => {
    const run = await runCli(["schema", "directory"]);
    const schema = JSON.parse(run.stdout);

    expect(schema.title).toBe("Callflow directory file");
    expect(schema.properties.numbers.items.required).toEqual(expect.arrayContaining(["number", "tenantId", "flow", "quotas"]));
  });

  it.each(["routing", "constructor"])("rejects the kind %s", async (kind) => {
    const run = await runCli(["schema", kind]);

    expect(run.stderr).toContain(`callflow: unknown schema "${kind}"; use one of flow, tests, directory`);
    expect(run.code).toBe(2);
  });
});
