import type { FlowDocumentInput } from "@callflow/sdk";

import { ariHarness } from "./ari-harness.js";
import type { CallHarness } from "./call-harness.js";
import { simulatedHarness } from "./simulated-harness.js";

// One suite, run on both channel adapters, the ARI one on each of its client libraries: what a
// caller experiences must not depend on whether the call is simulated or comes through Asterisk.
// The ARI side runs on the wall clock, so a case can take several seconds (the longest waits out
// a 5 s ring timeout).
jest.setTimeout(20_000);

function flow(nodes: unknown[], edges: Array<[string, string, string]>, entry = "answer"): FlowDocumentInput {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Behaviour" },
    languages: ["en"],
    entry,
    onHangup: "after",
    nodes: [{ id: "answer", type: "call.answer" }, ...nodes, { id: "after", type: "util.log", config: { message: "after hang-up" } }, { id: "end", type: "flow.end" }] as never,
    edges: [["answer", "next", nodes.length > 0 ? (nodes[0] as { id: string }).id : "end"], ...edges].map(([from, port, to]) => ({ from, port, to })),
  };
}

const menu = flow(
  [
    { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1 for sales, 2 for support" } }, options: [{ key: "1", port: "sales" }, { key: "2", port: "support" }], firstKeyTimeoutMs: 1500, interDigitTimeoutMs: 500, maxAttempts: 2 } },
    { id: "sales", type: "media.play", config: { prompt: { tts: { en: "Sales" } }, bargeIn: false } },
    { id: "support", type: "media.play", config: { prompt: { tts: { en: "Support" } }, bargeIn: false } },
  ],
  [
    ["menu", "sales", "sales"],
    ["menu", "support", "support"],
    ["sales", "next", "end"],
    ["support", "next", "end"],
  ],
);

const digits = flow(
  [
    { id: "account", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Enter your account number, then hash" } }, variable: "account", minLength: 4, maxLength: 10, firstDigitTimeoutMs: 1500, interDigitTimeoutMs: 800, maxAttempts: 2 } },
    { id: "thanks", type: "media.play", config: { prompt: { tts: { en: "Thank you" } }, bargeIn: false } },
  ],
  [
    ["account", "next", "thanks"],
    ["thanks", "next", "end"],
  ],
);

const voicemail = flow(
  [{ id: "record", type: "media.record", config: { prompt: { tts: { en: "Leave a message" } }, beep: false, maxDurationSeconds: 3, maxSilenceSeconds: 0, terminateOn: "#" } }],
  [
    ["record", "next", "end"],
    ["record", "empty", "end"],
  ],
);

function transfer(endpoint: string): FlowDocumentInput {
  return flow(
    [
      { id: "transfer", type: "call.transfer", config: { endpoint, timeoutSeconds: 5 } },
      { id: "back", type: "media.play", config: { prompt: { tts: { en: "The agent left" } }, bargeIn: false } },
    ],
    [
      ["transfer", "answered", "back"],
      ["transfer", "noAnswer", "end"],
      ["transfer", "busy", "end"],
      ["transfer", "failed", "end"],
      ["back", "next", "end"],
    ],
  );
}

describe.each([
  ["simulated", simulatedHarness],
  ["ari with the thin client", () => ariHarness("thin")],
  ["ari with ari-client", () => ariHarness("ari-client")],
] as const)("channel behaviour on %s", (_name, create) => {
  let harness: CallHarness;

  beforeAll(async () => {
    harness = await create();
  });

  afterAll(async () => {
    await harness.close();
  });

  describe("menu", () => {
    it("routes by the key pressed after the prompt", async () => {
      const call = await harness.call(menu, [{ atMs: 1200, keys: "2" }]);

      expect(call.path).toEqual(["answer", "menu", "support", "end"]);
      expect(call.prompts.map((p) => p.outcome)).toEqual(["played", "played"]);
    });

    it("keeps the barge-in key as the choice", async () => {
      const call = await harness.call(menu, [{ atMs: 300, keys: "1" }]);

      expect(call.path).toEqual(["answer", "menu", "sales", "end"]);
      expect(call.prompts[0].outcome).toBe("interrupted");
    });

    it("leaves by timeout after the attempts", async () => {
      const call = await harness.call(menu, []);

      expect(call.path).toEqual(["answer", "menu"]);
      expect(call.reason).toBe("completed");
      expect(call.prompts).toHaveLength(2);
    });
  });

  describe("digits", () => {
    it("collects digits ended by #", async () => {
      const call = await harness.call(digits, [{ atMs: 1200, keys: "12345#" }]);

      expect(call.variables.account).toBe("12345");
      expect(call.path).toEqual(["answer", "account", "thanks", "end"]);
    });

    it("starts over after *", async () => {
      const call = await harness.call(digits, [{ atMs: 1200, keys: "99*4321#" }]);

      expect(call.variables.account).toBe("4321");
    });

    it("keeps a barge-in digit as the first of the entry", async () => {
      const call = await harness.call(digits, [{ atMs: 200, keys: "5678#" }]);

      expect(call.variables.account).toBe("5678");
      expect(call.prompts[0].outcome).toBe("interrupted");
    });

    it("ends the entry at the inter-digit timeout", async () => {
      const call = await harness.call(digits, [{ atMs: 1200, keys: "24680" }]);

      expect(call.variables.account).toBe("24680");
    });
  });

  describe("voicemail", () => {
    it("records until # and keeps the message", async () => {
      const call = await harness.call(voicemail, [{ atMs: 3100, keys: "#" }]);

      expect(call.recordings).toHaveLength(1);
      expect(call.recordings[0].outcome).toBe("done");
      expect(call.recordings[0].durationSeconds).toBeGreaterThanOrEqual(1);
    });

    it("stops at the maximum length", async () => {
      const call = await harness.call(voicemail, []);

      expect(call.recordings[0].outcome).toBe("done");
      expect(call.recordings[0].durationSeconds).toBeGreaterThanOrEqual(3);
    });
  });

  describe("transfer", () => {
    it("bridges an answered call and continues when the agent leaves", async () => {
      const call = await harness.call(transfer("Local/2001@agents"), [], { "Local/2001@agents": { kind: "answer", ringMs: 500, talkMs: 1000 } });

      expect(call.transfers).toEqual([{ endpoint: "Local/2001@agents", outcome: "answered" }]);
      expect(call.path).toEqual(["answer", "transfer", "back", "end"]);
    });

    it("reports no answer", async () => {
      const call = await harness.call(transfer("Local/2002@agents"), [], { "Local/2002@agents": { kind: "noAnswer" } });

      expect(call.transfers[0].outcome).toBe("noAnswer");
    });

    it("reports busy", async () => {
      const call = await harness.call(transfer("Local/2003@agents"), [], { "Local/2003@agents": { kind: "busy" } });

      expect(call.transfers[0].outcome).toBe("busy");
    });
  });

  describe("hang-up", () => {
    it("during a prompt runs onHangup", async () => {
      const call = await harness.call(menu, [{ atMs: 400, hangup: true }]);

      expect(call.reason).toBe("hangup");
      expect(call.path).toEqual(["answer", "menu", "after"]);
    });

    it("during digit collection runs onHangup", async () => {
      const call = await harness.call(digits, [{ atMs: 1200, keys: "12" }, { atMs: 1900, hangup: true }]);

      expect(call.reason).toBe("hangup");
      expect(call.path).toEqual(["answer", "account", "after"]);
    });

    it("during a recording keeps the message and runs onHangup", async () => {
      const call = await harness.call(voicemail, [{ atMs: 2500, hangup: true }]);

      expect(call.reason).toBe("hangup");
      expect(call.recordings[0].outcome).toBe("hangup");
      expect(call.path.at(-1)).toBe("after");
    });

    it("while a transfer rings runs onHangup", async () => {
      const call = await harness.call(transfer("Local/2004@agents"), [{ atMs: 1000, hangup: true }], { "Local/2004@agents": { kind: "noAnswer" } });

      expect(call.reason).toBe("hangup");
      expect(call.path).toEqual(["answer", "transfer", "after"]);
    });

    it("during a bridged transfer runs onHangup", async () => {
      const call = await harness.call(transfer("Local/2005@agents"), [{ atMs: 1500, hangup: true }], { "Local/2005@agents": { kind: "answer", ringMs: 300, talkMs: 5000 } });

      expect(call.reason).toBe("hangup");
      expect(call.path).toEqual(["answer", "transfer", "after"]);
    });
  });

  it("leaves nothing pending in the adapter", () => {
    expect(harness.leftovers()).toBe(0);
  });
});
