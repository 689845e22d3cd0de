import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { normalizeNumber } from "../../src/directory/directory.js";
import { DirectoryFileError } from "../../src/directory/directory-error.js";
import { FileDirectory } from "../../src/directory/file-directory.js";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples");

const VALID_YAML = `numbers:
  - number: "0800 123 456"
    tenantId: demo-bank
    flow: hotline
    callerId: "+886 2 2700 1234"
    quotas:
      maxConcurrentCalls: 30
  - number: "1999"
    tenantId: city-hall
    flow: hotline
    quotas: { maxConcurrentCalls: 5 }
`;

let folder: string;

function writeDirectoryFile(name: string, content: string): string {
  const file = path.join(folder, name);

  writeFileSync(file, content);
  return file;
}

function loadError(file: string, options = {}): DirectoryFileError {
  try {
    FileDirectory.load(file, options);
  } catch (error) {
    if (error instanceof DirectoryFileError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to fail loading`);
}

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), "callflow-directory-"));
  mkdirSync(path.join(folder, "hotline"));
  writeFileSync(path.join(folder, "hotline", "flow.json"), "{}");
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("FileDirectory lookups", () => {
  it("finds a number written with spaces", async () => {
    const directory = FileDirectory.load(writeDirectoryFile("directory.yaml", VALID_YAML));

    const entry = await directory.lookup("0800123456");

    expect(entry).toEqual({
      number: "0800123456",
      tenantId: "demo-bank",
      flow: "hotline",
      callerId: "+886227001234",
      quotas: { maxConcurrentCalls: 30 },
    });
  });

  it("normalizes the called number too", async () => {
    const directory = FileDirectory.load(writeDirectoryFile("directory.yaml", VALID_YAML));

    const entry = await directory.lookup("0800-123-456");

    expect(entry?.tenantId).toBe("demo-bank");
  });

  it.each([
    ["0800123456", "0800123456"],
    ["+886227001234", "+886227001234"],
    ["+886 2 2700-1234", "+886227001234"],
    ["(02) 2700.1234", "0227001234"],
    ["0800\t123\u3000456", "0800123456"],
    ["*99#", "*99#"],
  ])("normalizes %j to %j", (written, normalized) => {
    expect(normalizeNumber(written)).toBe(normalized);
  });

  it("leaves callerId undefined when absent", async () => {
    const directory = FileDirectory.load(writeDirectoryFile("directory.yaml", VALID_YAML));

    const entry = await directory.lookup("1999");

    expect(entry?.tenantId).toBe("city-hall");
    expect(entry?.callerId).toBeUndefined();
  });

  it("returns undefined for an unknown number", async () => {
    const directory = FileDirectory.load(writeDirectoryFile("directory.yaml", VALID_YAML));

    expect(await directory.lookup("0800000000")).toBeUndefined();
  });

  it("reads a JSON file", async () => {
    const json = { numbers: [{ number: "1999", tenantId: "city-hall", flow: "hotline", quotas: { maxConcurrentCalls: 5 } }] };
    const directory = FileDirectory.load(writeDirectoryFile("directory.json", JSON.stringify(json)));

    expect((await directory.lookup("1999"))?.flow).toBe("hotline");
  });

  it("gives the flow file of an entry", async () => {
    const directory = FileDirectory.load(writeDirectoryFile("directory.yaml", VALID_YAML));
    const entry = (await directory.lookup("1999"))!;

    expect(directory.flowFile(entry)).toBe(path.join(folder, "hotline", "flow.json"));
  });

  it("loads the example directory", async () => {
    const directory = FileDirectory.load(path.join(EXAMPLES, "directory.yaml"));

    expect((await directory.lookup("0800123456"))?.flow).toBe("bank-hotline");
    expect(directory.list()).toHaveLength(3);
  });
});

describe("FileDirectory bad files", () => {
  it("asks to quote a number YAML read as an integer", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace('"0800 123 456"', "0800123456"));

    const error = loadError(file);

    expect(error.code).toBe("invalid-entry");
    expect(error.message).toContain(file);
    expect(error.message).toContain("numbers[0] (800123456): number");
    expect(error.message).toContain('quote it, such as "0800123456"');
  });

  it("names a missing tenantId with its entry", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace("    tenantId: city-hall\n", ""));

    const error = loadError(file);

    expect(error.issues).toEqual(["numbers[1] (1999): tenantId: tenantId is missing; add it, such as demo-bank"]);
  });

  it("rejects a misspelt field", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace("maxConcurrentCalls: 5", "maxConcurentCalls: 5"));

    const error = loadError(file);

    expect(error.message).toContain("maxConcurentCalls");
    expect(error.message).toContain("correct its spelling");
  });

  it("rejects a quota below one", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace("maxConcurrentCalls: 30", "maxConcurrentCalls: 0"));

    const error = loadError(file);

    expect(error.issues).toEqual(["numbers[0] (0800 123 456): quotas.maxConcurrentCalls: maxConcurrentCalls must be at least 1"]);
  });

  it("rejects a number that is not a telephone number", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace('"1999"', '"help-desk"'));

    const error = loadError(file);

    expect(error.message).toContain('"help-desk" is not a telephone number');
  });

  it("lists every problem of the file", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace("tenantId: demo-bank", "tenantId: demo bank").replace("flow: hotline\n    quotas: {", "quotas: {"));

    const error = loadError(file);

    expect(error.issues).toHaveLength(2);
  });

  it("rejects a number listed twice", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace('"1999"', '"0800-123-456"'));

    const error = loadError(file);

    expect(error.issues).toEqual(["numbers[1] (0800123456): the number is already listed at numbers[0]; keep one entry per number"]);
  });

  it("rejects an entry whose flow folder is missing", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace("flow: hotline\n    callerId", "flow: hotlin\n    callerId"));

    const error = loadError(file);

    expect(error.message).toContain('flow "hotlin" is not found');
  });

  it("skips the flow check when asked", () => {
    const file = writeDirectoryFile("directory.yaml", VALID_YAML.replace(/flow: hotline/g, "flow: elsewhere"));

    expect(FileDirectory.load(file, { checkFlows: false }).list()).toHaveLength(2);
  });

  it("reports invalid YAML with its line", () => {
    const file = writeDirectoryFile("directory.yaml", "numbers:\n  - number: \"1999\n");

    const error = loadError(file);

    expect(error.code).toBe("invalid-syntax");
    expect(error.message).toMatch(/not valid YAML: Missing closing "quote at line 3, column 1; fix/);
  });

  it("reports invalid JSON with its line", () => {
    const file = writeDirectoryFile("directory.json", '{\n  "numbers": [],\n}');

    const error = loadError(file);

    expect(error.code).toBe("invalid-syntax");
    expect(error.message).toMatch(/not valid JSON: .*line 3/);
  });

  it("explains a file without numbers", () => {
    const file = writeDirectoryFile("directory.yaml", "# nothing yet\n");

    const error = loadError(file);

    expect(error.issues).toEqual(["the file must contain a numbers: list of entries"]);
  });

  it("rejects a file of another format", () => {
    const error = loadError(writeDirectoryFile("directory.toml", "numbers = []"));

    expect(error.code).toBe("unsupported-format");
  });

  it("reports a missing file", () => {
    const error = loadError(path.join(folder, "absent.yaml"));

    expect(error.code).toBe("not-found");
    expect(error.message).toContain("absent.yaml");
  });
});
