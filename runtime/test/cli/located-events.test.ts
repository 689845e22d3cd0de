import type { TraceEvent, TraceEventInput } from "@callflow/sdk";

import { locateEvents } from "../../src/cli/located-events.js";

function events(...inputs: TraceEventInput[]): TraceEvent[] {
  return inputs.map((input, index) => ({ ...input, v: 1, at: index, callId: "c" }) as TraceEvent);
}

describe("locateEvents", () => {
  it("places subflow nodes one level deeper", () => {
    const trace = events(
      { type: "node.entered", nodeId: "verify", nodeType: "flow.subflow", flow: "main" },
      { type: "node.entered", nodeId: "ask", nodeType: "ivr.collectDigits", flow: "verify-account" },
      { type: "input.digit", digit: "1" },
      { type: "node.left", nodeId: "ask", port: "next", durationMs: 0 },
      { type: "node.left", nodeId: "verify", port: "next", durationMs: 0 },
    );

    const located = locateEvents(trace).map(({ flow, depth }) => `${flow}@${depth}`);

    expect(located).toEqual(["main@0", "verify-account@1", "verify-account@1", "verify-account@1", "main@0"]);
  });

  it("recovers after a node that never left", () => {
    const trace = events(
      { type: "node.entered", nodeId: "verify", nodeType: "flow.subflow", flow: "main" },
      { type: "node.entered", nodeId: "lookup", nodeType: "logic.set", flow: "verify-account" },
      { type: "node.error", nodeId: "lookup", code: "T2001", message: "failed" },
      { type: "node.left", nodeId: "verify", port: "error", durationMs: 0 },
      { type: "node.entered", nodeId: "sorry", nodeType: "media.play", flow: "main" },
    );

    const located = locateEvents(trace).map(({ flow, depth }) => `${flow}@${depth}`);

    expect(located).toEqual(["main@0", "verify-account@1", "verify-account@1", "main@0", "main@0"]);
  });

  it("puts events before the first node in the main flow", () => {
    const trace = events({ type: "call.started", flow: "Hotline", caller: "1", called: "2" });

    expect(locateEvents(trace)).toEqual([{ event: trace[0], flow: "main", depth: 0 }]);
  });
});
