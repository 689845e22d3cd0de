import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
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

/** Returns a TCP port that is free on 127.0.0.1 at the time of the call. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();

    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };

      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first match of `pattern` in the output lines, or rejects when the script exits first. */
function waitForLine(child: ChildProcess, output: string[], pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      for (const line of output) {
        const match = pattern.exec(line);

        if (match) {
          clearInterval(timer);
          resolve(match);
          return;
        }
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        reject(new Error(`scripts/start.mjs exited before printing ${pattern}:\n${output.join("\n")}`));
      }
    };
    const timer = setInterval(check, 200);
  });
}

/** Runs `npm start`'s script without DATABASE_URL and resolves with its API address and output. */
async function startScript(settings: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; apiUrl: string; output: string[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CALLFLOW_DATA_DIR: path.join(parent, "data"), CALLFLOW_API_PORT: "0", CALLFLOW_LOG_LEVEL: "warn", ...settings };
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

  it("serves the studio for the demo tenant", async () => {
    const apiPort = await freePort();
    const studioPort = await freePort();
    const { child, output } = await startScript({
      CALLFLOW_DATA_DIR: path.join(parent, "studio-data"),
      CALLFLOW_API_PORT: String(apiPort),
      CALLFLOW_STUDIO_HOST: "127.0.0.1",
      CALLFLOW_STUDIO_PORT: String(studioPort),
    });
    const [, password] = await waitForLine(child, output, /as "admin" with the password (\S+)/);
    const [, studioUrl] = await waitForLine(child, output, /Callflow studio on (http:\/\/\S+)/);

    let page: Response | undefined;
    for (let attempt = 0; attempt < 150 && page?.status !== 200; attempt++) {
      page = await fetch(studioUrl).catch(() => undefined);
      if (page?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const html = await page!.text();
    // The studio reaches the API through its own origin, as the browser does.
    const signIn = await fetch(`${studioUrl}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant: "demo-bank", login: "admin", password }),
    });
    const signedIn = (await signIn.json()) as { session: { tenant: { name: string } | null } };
    child.kill("SIGTERM");
    const code = await exited(child);

    expect(page!.status).toBe(200);
    expect(html).toContain("<html");
    expect(signIn.status).toBe(201);
    expect(signedIn.session.tenant).toMatchObject({ name: "demo-bank" });
    expect({ code, output }).toMatchObject({ code: 0 });
  }, 600_000);

  it("reuses the data folder on the next start", async () => {
    const { child, output } = await startScript();

    child.kill("SIGTERM");
    const code = await exited(child);

    expect(output.some((line) => line.includes("Created the demo tenant"))).toBe(false);
    // The output comes with the exit code, so a failed shutdown shows its reason.
    expect({ code, output }).toMatchObject({ code: 0 });
  });
});
