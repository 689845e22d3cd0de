import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow, type Plan } from "@callflow/sdk";

/**
 * An IVR that asks for a card number, queues the caller for the cards team with it, and then
 * names the agent who answered.
 */
export const CARDS_HOTLINE = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Cards hotline" },
  languages: ["en"],
  entry: "card",
  variables: { cardNo: { type: "string" } },
  nodes: [
    { id: "card", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Key your card number, then hash" } }, variable: "cardNo", maxLength: 16 } },
    { id: "queue", type: "routing.queue", config: { queue: "cards", data: ["cardNo"], musicOnHold: { tts: { en: "music" } } } },
    { id: "connect", type: "media.play", config: { prompt: { tts: { en: "Connecting you to {{ acdAgent }}" } } } },
    { id: "sorry", type: "media.play", config: { prompt: { tts: { en: "Please call again later" } } } },
    { id: "end", type: "call.hangup" },
  ],
  edges: [
    { from: "card", port: "next", to: "queue" },
    { from: "card", port: "timeout", to: "sorry" },
    { from: "card", port: "invalid", to: "sorry" },
    { from: "queue", port: "answered", to: "connect" },
    { from: "queue", port: "overflow", to: "sorry" },
    { from: "queue", port: "error", to: "sorry" },
    { from: "queue", port: "abandoned", to: "end" },
    { from: "connect", port: "next", to: "end" },
    { from: "sorry", port: "next", to: "end" },
  ],
};

/** Compiles {@link CARDS_HOTLINE}; throws with the problems when it does not compile. */
export function compileCardsHotline(): Plan {
  const result = compileFlow(CARDS_HOTLINE, { registry: createNodeRegistry() });

  if (!result.ok) throw new Error(`flow does not compile: ${result.problems.map((p) => `${p.code} ${p.message}`).join("; ")}`);
  return result.plan;
}
