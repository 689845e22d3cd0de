import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadServeConfig, ServeConfigError } from "../../src/serve/serve-config.js";

let folder: string;

function write(text: string): string {
  const file = join(folder, "callflow.yaml");

  writeFileSync(file, text);
  return file;
}

const VALID = `
directory: numbers/directory.yaml
timeZone: Asia/Taipei
asterisk:
  - name: pbx-1
    url: http://127.0.0.1:8088
    username: callflow
    passwordEnv: ARI_PASSWORD
tts:
  directory: sounds/callflow-tts
records:
  calls: logs/calls.jsonl
`;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "callflow-serve-config-"));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("loadServeConfig", () => {
  it("resolves paths against the config file's folder", () => {
    const config = loadServeConfig(write(VALID), { ARI_PASSWORD: "s3cret" });

    expect(config.directory).toBe(join(folder, "numbers/directory.yaml"));
    expect(config.flowsRoot).toBe(join(folder, "numbers"));
    expect(config.tts?.directory).toBe(join(folder, "sounds/callflow-tts"));
    expect(config.records.calls).toBe(join(folder, "logs/calls.jsonl"));
  });

  it("reads the password from the named environment variable", () => {
    const config = loadServeConfig(write(VALID), { ARI_PASSWORD: "s3cret" });

    expect(config.asterisk[0].password).toBe("s3cret");
  });

  it("applies defaults", () => {
    const config = loadServeConfig(write(VALID), { ARI_PASSWORD: "s3cret" });

    expect(config.asterisk[0].app).toBe("callflow");
    expect(config.drainSeconds).toBe(30);
    expect(config.tts?.delivery).toBe("sounds");
    expect(config.ari.client).toBe("thin");
  });

  it("selects the ari-client library", () => {
    const config = loadServeConfig(write(`${VALID}ari:\n  client: ari-client\n`), { ARI_PASSWORD: "s3cret" });

    expect(config.ari.client).toBe("ari-client");
  });

  it("names the fix for an unknown ARI client", () => {
    const file = write(`${VALID}ari:\n  client: swagger\n`);

    expect(() => loadServeConfig(file, { ARI_PASSWORD: "s3cret" })).toThrow('ari.client: use "thin" (the default) or "ari-client"');
  });

  it("names the server whose password is missing", () => {
    expect(() => loadServeConfig(write(VALID), {})).toThrow(/asterisk\.0 \(pbx-1\) has no password; set password, or passwordEnv/);
  });

  it("lists each invalid field with its path", () => {
    const file = write(`directory: d.yaml\ntimeZone: Mars/Olympus\nasterisk: []\nextra: 1\n`);

    const error = (() => {
      try {
        loadServeConfig(file);
      } catch (e) {
        return e as ServeConfigError;
      }
    })();

    expect(error).toBeInstanceOf(ServeConfigError);
    expect(error?.message).toContain("timeZone: is not a known IANA time zone");
    expect(error?.message).toContain("asterisk: configure at least one Asterisk server");
    expect(error?.message).toContain('Unrecognized key: "extra"');
  });

  it("requires the address and port for http delivery", () => {
    const file = write(VALID.replace("directory: sounds/callflow-tts", "directory: sounds/callflow-tts\n  delivery: http"));

    expect(() => loadServeConfig(file, { ARI_PASSWORD: "x" })).toThrow(/tts.httpBaseUrl .* and tts.httpPort/);
  });

  it("reports YAML syntax errors with the file", () => {
    const file = write("asterisk: [\n");

    expect(() => loadServeConfig(file)).toThrow(file);
  });
});
