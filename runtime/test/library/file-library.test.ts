import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow } from "@callflow/sdk";

import { FileLibrary } from "../../src/library/file-library.js";
import { LibraryError } from "../../src/library/library-error.js";

const PROMPT = { languages: { cmn: { uri: "sound:custom/welcome-cmn", text: "歡迎", durationMs: 1200 } } };
const CALENDAR = { days: [{ date: "2026-12-25", name: "Constitution Day" }] };
const SUBFLOW = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Sub" },
  languages: ["cmn"],
  entry: "log",
  nodes: [{ id: "log", type: "util.log", config: { message: "in the subflow" } }],
};

let root: string;

function writeLibraryFile(relative: string, content: string): string {
  const file = path.join(root, relative);

  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function thrownBy(action: () => unknown): LibraryError {
  try {
    action();
  } catch (error) {
    if (error instanceof LibraryError) return error;
    throw error;
  }
  throw new Error("expected a LibraryError");
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "callflow-library-"));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("FileLibrary lookups", () => {
  it("reads a subflow from flows/", () => {
    writeLibraryFile("flows/verify.json", JSON.stringify(SUBFLOW));

    expect(new FileLibrary(root).flow("verify")).toEqual(SUBFLOW);
  });

  it("reads a prompt from prompts/", () => {
    writeLibraryFile("prompts/welcome.json", JSON.stringify(PROMPT));

    expect(new FileLibrary(root).prompt("welcome")).toEqual(PROMPT);
  });

  it("reads a calendar from calendars/", () => {
    writeLibraryFile("calendars/tw-holidays.json", JSON.stringify(CALENDAR));

    expect(new FileLibrary(root).calendar("tw-holidays")).toEqual(CALENDAR);
  });

  it("returns undefined for a name without a file", () => {
    const library = new FileLibrary(root);

    expect(library.flow("absent")).toBeUndefined();
    expect(library.prompt("absent")).toBeUndefined();
    expect(library.calendar("absent")).toBeUndefined();
  });
});

describe("FileLibrary errors", () => {
  it("names the file and the line of invalid JSON", () => {
    const file = writeLibraryFile("flows/broken.json", '{\n  "schemaVersion": 1,\n}');

    const error = thrownBy(() => new FileLibrary(root).flow("broken"));

    expect(error.code).toBe("invalid-json");
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/line 3/);
    expect(error.message).not.toMatch(/does not exist|missing/);
  });

  it("names the field of an invalid prompt file", () => {
    writeLibraryFile("prompts/welcome.json", JSON.stringify({ languages: { cmn: { uri: "", text: "empty uri" } } }));

    const error = thrownBy(() => new FileLibrary(root).prompt("welcome"));

    expect(error.code).toBe("invalid-entry");
    expect(error.message).toContain("languages.cmn.uri");
  });

  it("names the field of an invalid calendar file", () => {
    writeLibraryFile("calendars/bad.json", JSON.stringify({ days: [{ date: "25/12/2026", name: "Christmas" }] }));

    const error = thrownBy(() => new FileLibrary(root).calendar("bad"));

    expect(error.code).toBe("invalid-entry");
    expect(error.message).toContain("days[0].date");
  });

  it.each(["../secret", "a/b", "..", "a\\b", "/etc/passwd", ""])("rejects the name %j", (name) => {
    const error = thrownBy(() => new FileLibrary(root).flow(name));

    expect(error.code).toBe("invalid-name");
  });
});

describe("FileLibrary as a compiler resolver", () => {
  it("compiles a flow with a library prompt and subflow", () => {
    writeLibraryFile("prompts/welcome.json", JSON.stringify(PROMPT));
    writeLibraryFile("flows/verify.json", JSON.stringify(SUBFLOW));
    const document = {
      schemaVersion: 1,
      kind: "ivr",
      name: { en: "Main" },
      languages: ["cmn"],
      entry: "welcome",
      nodes: [
        { id: "welcome", type: "media.play", config: { prompt: { audio: "welcome" } } },
        { id: "verify", type: "flow.subflow", config: { flow: "verify" } },
        { id: "end", type: "call.hangup" },
      ],
      edges: [
        { from: "welcome", port: "next", to: "verify" },
        { from: "verify", port: "next", to: "end" },
      ],
    };

    const result = compileFlow(document, { registry: createNodeRegistry(), resolver: new FileLibrary(root) });

    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("lets the compiler report a missing prompt as unresolved", () => {
    const document = {
      schemaVersion: 1,
      kind: "ivr",
      name: { en: "Main" },
      languages: ["cmn"],
      entry: "welcome",
      nodes: [{ id: "welcome", type: "media.play", config: { prompt: { audio: "absent" } } }],
    };

    const result = compileFlow(document, { registry: createNodeRegistry(), resolver: new FileLibrary(root) });

    expect(result.problems.map((p) => p.code)).toContain("unresolved-reference");
  });
});
