import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { Bundle, BundleFlow, BundlePrompt } from "./bundle-schema.js";

/** Time zone of a template's calendars: the examples are written for Taiwan. */
export const TEMPLATE_TIME_ZONE = "Asia/Taipei";

interface PromptFile {
  languages: Record<string, { uri?: string; text?: string }>;
}

/**
 * Builds the bundle of an example folder: its `flow.json` under `flowName`, with the subflows,
 * prompts and calendars of its `flows/`, `prompts/` and `calendars/` folders, each named by
 * its file name. Importing that bundle gives the tenant a flow that compiles as the example does.
 */
export async function templateBundle(folder: string, flowName: string): Promise<Bundle> {
  const document = (await readJson(path.join(folder, "flow.json"))) as BundleFlow["document"] & { kind: BundleFlow["kind"] };
  const subflows: BundleFlow[] = [];
  const prompts: BundlePrompt[] = [];
  const calendars: Bundle["calendars"] = [];

  for (const [name, subflow] of await readFolder(path.join(folder, "flows"))) {
    const subDocument = subflow as BundleFlow["document"] & { kind: BundleFlow["kind"] };

    subflows.push({ name, kind: subDocument.kind, document: subDocument });
  }
  for (const [name, file] of await readFolder(path.join(folder, "prompts"))) {
    for (const [language, media] of Object.entries((file as PromptFile).languages)) {
      // The prompts table stores a recording or a text per language, so a recorded prompt loses its transcript.
      const prompt = media.uri !== undefined ? { kind: "audio" as const, audioUri: media.uri } : { kind: "tts" as const, text: media.text ?? "" };

      prompts.push({ name, language: language as BundlePrompt["language"], ...prompt });
    }
  }
  for (const [name, definition] of await readFolder(path.join(folder, "calendars"))) calendars.push({ name, timeZone: TEMPLATE_TIME_ZONE, definition });
  return { bundleVersion: 1, flow: { name: flowName, kind: document.kind, document }, subflows, prompts, calendars, numbers: [] };
}

// Returns each `<name>.json` of a folder with its content, by name. A missing folder gives none.
async function readFolder(folder: string): Promise<Array<[string, unknown]>> {
  if (!existsSync(folder)) return [];
  const files = (await readdir(folder)).filter((file) => file.endsWith(".json")).sort();

  return Promise.all(files.map(async (file): Promise<[string, unknown]> => [file.slice(0, -".json".length), await readJson(path.join(folder, file))]));
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8"));
}
