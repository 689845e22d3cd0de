// The flow, directory and prompt library that the ARI benchmark serves, written to a temporary
// folder in the layout `callflow serve` reads: directory.yaml beside one folder per flow.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Called number of the benchmark flow in the directory. */
export const BENCH_NUMBER = "5000";
export const BENCH_FLOW = "ari-bench-menu";

/** Sound names the flow plays, with their length in ms on the ARI test server. */
export const SOUNDS = { "bench-welcome": 1000, "bench-menu": 1000 };

/** The key that the simulated caller presses, and the menu option it selects. */
export const MENU_KEY = "1";

/**
 * Builds the flow: call.answer -> media.play (1 s welcome) -> ivr.menu (1 s prompt, then up to
 * 30 s for a key) -> call.hangup. Every menu outcome leads to the hang-up, so a call that ends
 * another way shows up in the outcome counts.
 */
export function benchFlowDocument() {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "ARI benchmark menu" },
    languages: ["en"],
    entry: "answer",
    nodes: [
      { id: "answer", type: "call.answer", config: {} },
      { id: "welcome", type: "media.play", config: { prompt: { audio: "bench-welcome" } } },
      {
        id: "menu",
        type: "ivr.menu",
        config: {
          prompt: { audio: "bench-menu" },
          options: [{ key: MENU_KEY, port: "chosen" }],
          firstKeyTimeoutMs: 30_000,
          maxAttempts: 1,
        },
      },
      { id: "bye", type: "call.hangup", config: {} },
    ],
    edges: [
      { from: "answer", port: "next", to: "welcome" },
      { from: "welcome", port: "next", to: "menu" },
      { from: "menu", port: "chosen", to: "bye" },
      { from: "menu", port: "timeout", to: "bye" },
      { from: "menu", port: "invalid", to: "bye" },
    ],
  };
}

/** Writes the directory, the flow and its prompt library to a new temporary folder and returns its path. */
export function writeFixtureFolder() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "callflow-ari-bench-"));
  const flowFolder = path.join(folder, BENCH_FLOW);
  const prompts = path.join(flowFolder, "prompts");

  fs.mkdirSync(prompts, { recursive: true });
  fs.writeFileSync(path.join(flowFolder, "flow.json"), JSON.stringify(benchFlowDocument(), null, 2));
  for (const [name, lengthMs] of Object.entries(SOUNDS)) {
    const entry = { languages: { en: { uri: `sound:${name}`, durationMs: lengthMs } } };

    fs.writeFileSync(path.join(prompts, `${name}.json`), JSON.stringify(entry));
  }
  fs.writeFileSync(
    path.join(folder, "directory.yaml"),
    [
      "numbers:",
      `  - number: "${BENCH_NUMBER}"`,
      "    tenantId: bench",
      `    flow: ${BENCH_FLOW}`,
      "    quotas:",
      "      maxConcurrentCalls: 1000000",
      "",
    ].join("\n"),
  );
  return folder;
}
