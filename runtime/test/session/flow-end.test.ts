import { compileFlow, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";

import { createNodeRegistry } from "@callflow/nodes";

import { Session } from "../../src/session/session.js";

const subflow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Lookup" },
  languages: ["en"],
  entry: "set",
  nodes: [
    { id: "set", type: "logic.set", config: { assignments: [{ variable: "tier", value: "'gold'" }] } },
    { id: "done", type: "flow.end" },
  ],
  edges: [{ from: "set", port: "next", to: "done" }],
};

const main = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Main" },
  languages: ["en"],
  entry: "lookup",
  nodes: [
    { id: "lookup", type: "flow.subflow", config: { flow: "lookup", outputs: [{ variable: "tier", from: "tier" }] } },
    { id: "after", type: "logic.set", config: { assignments: [{ variable: "seen", value: "tier" }] } },
    { id: "end", type: "flow.end" },
  ],
  edges: [
    { from: "lookup", port: "next", to: "after" },
    { from: "after", port: "next", to: "end" },
  ],
};

describe("flow.end", () => {
  it("returns from a subflow to the node after it, and ends the main flow", async () => {
    const compiled = compileFlow(main, { registry: createNodeRegistry(), resolver: { flow: (name) => (name === "lookup" ? subflow : undefined) } });

    if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("\n"));
    const clock = new VirtualClock(0);
    const channel = new SimulatedChannel({ clock, script: parseCallerScript("") });
    const session = new Session({ plan: compiled.plan, channel, clock });
    const done = session.run();

    await clock.runUntilIdle();
    const result = await done;

    expect(result.variables.seen).toBe("gold");
    expect(result.reason).toBe("completed");
    expect(channel.hungUpBy).toBe("flow");
  });
});
