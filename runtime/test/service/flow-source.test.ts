import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createNodeRegistry } from "@callflow/nodes";

import { FileFlowSource, FlowUnavailableError } from "../../src/service/flow-source.js";

function flow(name: string): string {
  return JSON.stringify({
    schemaVersion: 1,
    kind: "ivr",
    name: { en: name },
    languages: ["en"],
    entry: "end",
    nodes: [{ id: "end", type: "flow.end" }],
  });
}

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "callflow-flows-"));
  mkdirSync(join(root, "hotline"));
  writeFileSync(join(root, "hotline", "flow.json"), flow("First"));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("FileFlowSource", () => {
  it("compiles a flow once and reuses the plan", async () => {
    const source = new FileFlowSource(root, createNodeRegistry());

    const first = await source.plan("hotline");
    const second = await source.plan("hotline");

    expect(second.plan).toBe(first.plan);
  });

  it("picks up an edited flow once the recheck interval has passed", async () => {
    const source = new FileFlowSource(root, createNodeRegistry(), 0);
    await source.plan("hotline");
    const file = join(root, "hotline", "flow.json");

    writeFileSync(file, flow("Second"));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = await source.plan("hotline");

    expect(edited.plan.name).toBe("Second");
  });

  it("keeps the plan within the recheck interval", async () => {
    const source = new FileFlowSource(root, createNodeRegistry(), 60_000);
    await source.plan("hotline");

    writeFileSync(join(root, "hotline", "flow.json"), flow("Second"));
    const cached = await source.plan("hotline");

    expect(cached.plan.name).toBe("First");
  });

  it("rejects a flow name that leaves the folder", async () => {
    const source = new FileFlowSource(root, createNodeRegistry());

    await expect(source.plan("../etc")).rejects.toBeInstanceOf(FlowUnavailableError);
  });

  it("names the missing file", async () => {
    const source = new FileFlowSource(root, createNodeRegistry());

    await expect(source.plan("absent")).rejects.toThrow(/absent[/\\]flow\.json does not exist/);
  });
});
