import { runCli, writeTempFiles } from "./support/run-cli.js";

const MONDAY_10AM = "2026-12-07T10:00:00+08:00";

// A flow whose script node runs `code`, with an error edge only when `errorEdge` is set, and a
// spoken prompt after the script, which needs the virtual clock after the script's real wait.
function scriptFlow(code: string, errorEdge: boolean): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Script run" },
    languages: ["en"],
    entry: "start",
    variables: { total: { type: "number" } },
    nodes: [
      { id: "start", type: "call.inbound" },
      { id: "fee", type: "logic.script", config: { code, outputs: ["total"] } },
      { id: "say", type: "media.play", config: { prompt: { tts: { en: "Your total is ready." } } } },
      { id: "end", type: "call.hangup" },
    ],
    edges: [
      { from: "start", port: "next", to: "fee" },
      { from: "fee", port: "next", to: "say" },
      { from: "say", port: "next", to: "end" },
      ...(errorEdge ? [{ from: "fee", port: "error", to: "end" }] : []),
    ],
  };
}

function eventsOf(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("callflow run with scripts", () => {
  it("plays the prompt after a script", async () => {
    const folder = writeTempFiles({ "flow.json": scriptFlow("return { total: 200 + 15 };", true) });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);
    const events = eventsOf(run.stdout);

    expect(run.code).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ type: "variable.changed", name: "total", value: 215 }));
    expect(events).toContainEqual(expect.objectContaining({ type: "node.left", nodeId: "say", port: "next" }));
    expect(events.at(-1)).toEqual(expect.objectContaining({ type: "call.ended" }));
  });

  it("prints the trace of a script that fails with no error edge", async () => {
    const folder = writeTempFiles({ "flow.json": scriptFlow("throw new Error('balance lookup failed');", false) });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);
    const events = eventsOf(run.stdout);

    expect(run.code).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ type: "node.error", nodeId: "fee", message: expect.stringContaining("balance lookup failed") }));
    expect(events.at(-1)).toEqual(expect.objectContaining({ type: "call.ended" }));
  });

  it("gives scripts the time of --at", async () => {
    const flow = scriptFlow("return { total: new Date().getUTCHours() * 100 + new Date().getUTCMinutes() };", true);
    const folder = writeTempFiles({ "flow.json": flow });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);

    expect(eventsOf(run.stdout)).toContainEqual(expect.objectContaining({ type: "variable.changed", name: "total", value: 200 }));
  });
});
