import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

import { exited } from "./support/typescript-child.js";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..", "..", "..");
const LISTENING = /listening on (http:\/\/\S+)/;

let parent: string;

beforeAll(() => {
  parent = mkdtempSync(path.join(tmpdir(), "callflow-start-script-"));
  // As root the embedded server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
});

afterAll(() => {
  rmSync(parent, { recursive: true, force: true });
});

/** Runs `npm start`'s script without DATABASE_URL and resolves with its API address and output. */
async function startScript(): Promise<{ child: ChildProcess; apiUrl: string; output: string[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CALLFLOW_DATA_DIR: path.join(parent, "data"), CALLFLOW_API_PORT: "0", CALLFLOW_LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  delete env.CALLFLOW_MASTER_KEY;
  const child = spawn(process.execPath, ["--no-node-snapshot", path.join(ROOT, "scripts", "start.mjs")], { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const lines = createInterface({ input: child.stdout! });

  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const apiUrl = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      output.push(line);
      const match = LISTENING.exec(line);

      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`scripts/start.mjs exited with code ${code}:\n${output.join("\n")}`)));
  });
  return { child, apiUrl, output };
}

describe("scripts/start.mjs", () => {
  it("needs the built runtime", () => {
    expect(existsSync(path.join(ROOT, "runtime", "dist", "store", "start-platform.js"))).toBe(true);
  });

  it("serves the health route on the embedded database", async () => {
    const { child, apiUrl, output } = await startScript();

    const response = await fetch(`${apiUrl}/api/health`);
    const health = await response.json();
    child.kill("SIGTERM");
    const code = await exited(child);

    expect(response.status).toBe(200);
    expect(health).toMatchObject({ status: "ok", database: { status: "up" } });
    expect(output.some((line) => line.includes("Created the demo tenant"))).toBe(true);
    // The output comes with the exit code, so a failed shutdown shows its reason.
    expect({ code, output }).toMatchObject({ code: 0 });
  });

  it("reuses the data folder on the next start", async () => {
    const { child, output } = await startScript();

    child.kill("SIGTERM");
    const code = await exited(child);

    expect(output.some((line) => line.includes("Created the demo tenant"))).toBe(false);
    // The output comes with the exit code, so a failed shutdown shows its reason.
    expect({ code, output }).toMatchObject({ code: 0 });
  });
});
