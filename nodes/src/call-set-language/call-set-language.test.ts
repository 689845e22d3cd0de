import { compileFlow, runNode, type TraceEvent } from "@callflow/sdk";

import { createNodeRegistry } from "../index.js";
import { callSetLanguageNode, UnknownLanguageError } from "./run.js";
import { callSetLanguageConfigSchema } from "./spec.js";

const languages = ["cmn", "yue", "en"];

function languageChanges(trace: TraceEvent[]): string[] {
  return trace.flatMap((event) => (event.type === "language.changed" ? [event.language] : []));
}

describe("call.setLanguage", () => {
  test("literal language", async () => {
    const result = await runNode(callSetLanguageNode, { language: "yue" }, { languages });

    expect(result.port).toBe("next");
    expect(languageChanges(result.trace)).toEqual(["yue"]);
  });

  test.each([
    ["85291234567", "yue"],
    ["0912345678", "cmn"],
  ])("caller %s gets %s from expression", async (caller, language) => {
    const config = { expression: '$substring(caller, 0, 3) = "852" ? "yue" : "cmn"' };

    const result = await runNode(callSetLanguageNode, config, { languages, variables: { caller } });

    expect(languageChanges(result.trace)).toEqual([language]);
  });

  test("expression gives an unknown language", async () => {
    const result = await runNode(callSetLanguageNode, { expression: '"fr"' }, { languages });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(UnknownLanguageError);
    expect((result.error as UnknownLanguageError).code).toBe("unknown-language");
    expect(languageChanges(result.trace)).toEqual([]);
  });

  test("expression gives no text", async () => {
    const result = await runNode(callSetLanguageNode, { expression: "preferred" }, { languages, variables: { preferred: 3 } });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("gave 3");
  });

  test("failing expression leaves by error", async () => {
    const result = await runNode(callSetLanguageNode, { expression: '$error("no profile")' }, { languages });

    expect(result.port).toBe("error");
  });
});

describe("call.setLanguage config", () => {
  test.each([
    ["both language and expression", { language: "en", expression: '"en"' }, "set exactly one of language or expression"],
    ["neither language nor expression", {}, "set exactly one of language or expression"],
    ["bad language tag", { language: "English" }, "a spoken-language tag such as cmn"],
  ])("rejects %s", (_name, config, message) => {
    const result = callSetLanguageConfigSchema.safeParse(config);

    expect(result.error?.issues[0].message).toContain(message);
  });

  test("literal language the flow lacks", async () => {
    const run = runNode(callSetLanguageNode, { language: "fr" }, { languages });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/language .*"fr" is not one of the flow's languages \(cmn, yue, en\)/);
  });

  test("compiler names the node", () => {
    const flow = {
      schemaVersion: 1,
      kind: "ivr",
      name: { en: "Language" },
      languages,
      entry: "start",
      nodes: [
        { id: "start", type: "call.inbound" },
        { id: "pick", type: "call.setLanguage", config: { language: "fr" } },
        { id: "bye", type: "call.hangup" },
      ],
      edges: [
        { from: "start", port: "next", to: "pick" },
        { from: "pick", port: "next", to: "bye" },
      ],
    };

    const result = compileFlow(flow, { registry: createNodeRegistry() });

    expect(result.problems.map((p) => [p.code, p.nodeId, p.pointer])).toEqual([["invalid-config", "pick", "/nodes/1/config/language"]]);
  });
});
