import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { main } from "../../../src/cli/program.js";

// Under Jest the script sandbox's workers run the TypeScript sources, so they load the hooks
// that the store tests' child processes use.
const SCRIPT_WORKER = { execArgv: ["--import", path.join(__dirname, "..", "..", "store", "support", "register-hooks.mjs")] };

/** Root of the repository, where `npx callflow` runs. */
export const REPO_ROOT = path.join(__dirname, "..", "..", "..", "..");

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `callflow ARGS` in process from the repository root (or `cwd`). */
export async function runCli(args: string[], cwd = REPO_ROOT): Promise<CliRun> {
  const run = { stdout: "", stderr: "" };
  const code = await main(args, {
    stdout: (text) => {
      run.stdout += text;
    },
    stderr: (text) => {
      run.stderr += text;
    },
    cwd,
  }, { scriptWorker: SCRIPT_WORKER });

  return { code, ...run };
}

/** Creates a temporary folder with the given files (relative path to content). */
export function writeTempFiles(files: Record<string, unknown>): string {
  const folder = mkdtempSync(path.join(tmpdir(), "callflow-cli-"));

  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(folder, relative);

    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return folder;
}

/** Returns a small valid flow: a menu with one option, a prompt, and a hang-up. */
export function smallFlow(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Small" },
    languages: ["en"],
    entry: "start",
    onHangup: "log-hangup",
    nodes: [
      { id: "start", type: "call.inbound" },
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }], maxAttempts: 1 } },
      { id: "thanks", type: "media.play", config: { prompt: { tts: { en: "Thank you" } } } },
      { id: "end", type: "call.hangup" },
      { id: "log-hangup", type: "util.log", config: { message: "hung up" } },
    ],
    edges: [
      { from: "start", port: "next", to: "menu" },
      { from: "menu", port: "one", to: "thanks" },
      { from: "thanks", port: "next", to: "end" },
    ],
  };
}

/** Returns a flow whose logic.script node logs a line and sets `total` to 42. */
export function scriptFlow(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Script" },
    languages: ["en"],
    entry: "start",
    variables: { total: { type: "number" } },
    nodes: [
      { id: "start", type: "call.inbound" },
      { id: "sum", type: "logic.script", config: { code: "console.log('adding'); return { total: 40 + 2 };", outputs: ["total"] } },
      { id: "end", type: "call.hangup" },
    ],
    edges: [
      { from: "start", port: "next", to: "sum" },
      { from: "sum", port: "next", to: "end" },
    ],
  };
}
