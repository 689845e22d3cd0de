import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { builtApiPort, E2E_DIST_DIR, ensureStudioBuild, NEXT_BIN, REPOSITORY_DIR, STUDIO_DIR } from "./studio-build";

// The runtime's sources are loaded by path at run time, so that the studio's type check does
// not take them in: they are checked with the runtime's own tsconfig.
const START_PLATFORM_MODULE = path.join(REPOSITORY_DIR, "runtime", "src", "store", "start-platform");
const TEST_POSTGRES_MODULE = path.join(REPOSITORY_DIR, "runtime", "test", "api", "support", "test-postgres");
const TENANT_FIXTURES_MODULE = path.join(REPOSITORY_DIR, "runtime", "test", "api", "support", "tenant-fixtures");

/** The parts of the runtime's PlatformHandle that the tests use. */
interface PlatformHandle {
  apiUrl: string;
  seeded: unknown;
  store: { db: unknown };
  shutdown(): Promise<void>;
}

interface PlatformOptions {
  dataDir: string;
  examplesDir: string;
  env: Record<string, string>;
  print(line: string): void;
}

/** The parts of the runtime tests' TestPostgres that the tests use. */
interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

async function startPlatform(options: PlatformOptions): Promise<PlatformHandle> {
  const runtime = (await import(START_PLATFORM_MODULE)) as { startPlatform(options: PlatformOptions): Promise<PlatformHandle> };
  return runtime.startPlatform(options);
}

async function startTestPostgres(): Promise<TestPostgres> {
  const support = (await import(TEST_POSTGRES_MODULE)) as { startTestPostgres(): Promise<TestPostgres> };
  return support.startTestPostgres();
}

/** The parts of the runtime tests' tenant fixtures that the tests use. */
interface TenantFixtures {
  PASSWORD: string;
  createOperator(db: unknown, login: string, roles: string[]): Promise<string>;
}

/** The API and the studio, both on 127.0.0.1, with the demo tenant's admin credentials. */
export interface Servers {
  studioUrl: string;
  apiUrl: string;
  tenant: string;
  login: string;
  password: string;
  /** Creates a platform user with the platform-operator role and returns its password. */
  addOperator(login: string): Promise<string>;
  stop(): Promise<void>;
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// The API port that needs no rebuild: the one the cached build rewrites to, when it is free.
async function choosePort(): Promise<number> {
  const built = builtApiPort();
  return built !== undefined && (await isPortFree(built)) ? built : freePort();
}

async function startApi(postgres: TestPostgres, port: number, dataDir: string, env: Record<string, string>) {
  const printed: string[] = [];
  const handle = await startPlatform({
    dataDir,
    examplesDir: path.join(REPOSITORY_DIR, "examples"),
    env: { ...env, DATABASE_URL: postgres.url, CALLFLOW_API_HOST: "127.0.0.1", CALLFLOW_API_PORT: String(port), CALLFLOW_DRAIN_SECONDS: "0" },
    print: (line) => printed.push(line),
  });
  const credentials = /Sign in to tenant "([^"]+)" as "([^"]+)" with the password (\S+)/.exec(printed.join("\n"));

  if (!handle.seeded || !credentials) throw new Error(`the API did not seed the demo tenant; it printed:\n${printed.join("\n")}`);
  return { handle, tenant: credentials[1], login: credentials[2], password: credentials[3] };
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;

  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer at ${url} within 120 s:\n${output()}`);
}

// `setsid` puts next start and the next-server it forks in a process group of their own, so
// stopping the group leaves no orphan next-server behind.
async function startStudio(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn("setsid", [process.execPath, NEXT_BIN, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: STUDIO_DIR,
    env: { ...process.env, CALLFLOW_STUDIO_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/en`, child, () => output);
  return { child, url };
}

// Output of next start when the build folder has no finished build.
const NO_BUILD = /Could not find a production build/;

/**
 * Starts the studio from the shared e2e build. Another test run may start a build into the same
 * folder between this run's build check and its start, and the folder then has no build for a
 * while. So a start that finds none waits for that build and tries again, up to 3 times.
 * NOTE: a build that starts while this run's studio is serving still replaces its files.
 */
async function startBuiltStudio(apiPort: number): Promise<{ child: ChildProcess; url: string }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startStudio(await freePort());
    } catch (error) {
      if (attempt >= 3 || !NO_BUILD.test(String(error))) throw error;
      ensureStudioBuild(apiPort);
    }
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  process.kill(-child.pid, "SIGTERM");
  return exited;
}

/**
 * Starts PostgreSQL, the API with the demo tenant and the studio built for that API. `env` adds
 * platform settings, such as CALLFLOW_ARI_URL for calls through an ARI server.
 */
export async function startServers(options: { env?: Record<string, string> } = {}): Promise<Servers> {
  const postgres = await startTestPostgres();
  const dataDir = mkdtempSync(path.join(tmpdir(), "callflow-studio-e2e-"));
  let api: PlatformHandle | undefined;

  try {
    const apiPort = await choosePort();
    ensureStudioBuild(apiPort);
    const started = await startApi(postgres, apiPort, dataDir, options.env ?? {});
    api = started.handle;
    const studio = await startBuiltStudio(apiPort);

    return {
      studioUrl: studio.url,
      apiUrl: api.apiUrl,
      tenant: started.tenant,
      login: started.login,
      password: started.password,
      async addOperator(login) {
        const fixtures = (await import(TENANT_FIXTURES_MODULE)) as TenantFixtures;

        await fixtures.createOperator(started.handle.store.db, login, ["platform-operator"]);
        return fixtures.PASSWORD;
      },
      async stop() {
        await stopGroup(studio.child);
        await api?.shutdown();
        await postgres.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await api?.shutdown();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
