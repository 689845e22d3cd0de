import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { AriTestServer } from "../../src/ari/test-server/index.js";
import { loadServeConfig } from "../../src/serve/serve-config.js";
import { startServe, type ServeHandle } from "../../src/serve/start-serve.js";

jest.setTimeout(30_000);

const EXAMPLES = resolve(__dirname, "../../../examples");

let folder: string;
let server: AriTestServer;
let handle: ServeHandle | undefined;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), "callflow-serve-"));
  server = await AriTestServer.start({ users: [{ username: "callflow", password: "serve-secret" }], timings: { defaultSoundMs: 400 } });
});

afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

function writeConfig(): string {
  const file = join(folder, "callflow.yaml");

  writeFileSync(
    file,
    [
      `directory: ${join(EXAMPLES, "directory.yaml")}`,
      "timeZone: Asia/Taipei",
      "drainSeconds: 5",
      "asterisk:",
      "  - name: test-pbx",
      `    url: ${server.url}`,
      "    username: callflow",
      "    passwordEnv: TEST_ARI_PASSWORD",
      "    app: callflow",
      "tts:",
      "  directory: tts",
      "records:",
      "  calls: calls.jsonl",
    ].join("\n"),
  );
  return file;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("callflow serve on ARI", () => {
  it("answers a directory number with its flow, speaking synthesized prompts", async () => {
    handle = await startServe(loadServeConfig(writeConfig(), { TEST_ARI_PASSWORD: "serve-secret" }));

    const call = server.control.startInboundCall({ app: "callflow", extension: "+886227001299", callerNumber: "0911222333" });
    await call.ended();
    await until(() => handle!.service.activeCalls === 0, "the session to end");
    await handle.shutdown();
    handle = undefined;
    const records = readFileSync(join(folder, "calls.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const plays = server.control.requests().filter((r) => r.method === "POST" && r.path.endsWith("/play"));

    expect(records).toEqual([expect.objectContaining({ tenantId: "demo-bank", flow: "after-hours", caller: "0911222333", outcome: "completed" })]);
    expect(plays.length).toBeGreaterThan(0);
    expect(plays.every((p) => String(p.query.media).startsWith("sound:callflow-tts/"))).toBe(true);
    expect(readdirSync(join(folder, "tts")).some((name) => name.endsWith(".wav"))).toBe(true);
  });

  it("tells a caller of an unknown number that it is not in service", async () => {
    handle = await startServe(loadServeConfig(writeConfig(), { TEST_ARI_PASSWORD: "serve-secret" }));

    const call = server.control.startInboundCall({ app: "callflow", extension: "5550000" });
    await call.ended();
    await handle.shutdown();
    handle = undefined;
    const records = readFileSync(join(folder, "calls.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(records[0].outcome).toBe("not-in-service");
  });

  it("loads the example config", async () => {
    const config = loadServeConfig(join(EXAMPLES, "callflow.yaml"), { ARI_PASSWORD: "example", DEMO_BANK_PASSWORD: "example" });

    expect(config.asterisk[0].app).toBe("callflow");
    expect(existsSync(config.directory)).toBe(true);
    expect(await config.tenantConnectors.get("demo-bank")?.connectors.find("core-banking")).toMatchObject({ kind: "database", secret: "core-banking-login" });
    expect(config.inlineSecrets).toEqual([]);
  });
});
