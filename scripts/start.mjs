// `npm start`: runs the runtime service on PostgreSQL with its API on port 4000, and the studio
// on http://localhost:3000 (CALLFLOW_STUDIO_HOST, CALLFLOW_STUDIO_PORT). It builds the studio
// first when it has no current build (a clean build took about 2 minutes on 2 cores). Without
// DATABASE_URL it starts the embedded PostgreSQL server with its data in .data/, kept for the
// next start. The first start on an empty database seeds the demo tenant with the example flows
// and prints the admin's password once. It loads the built runtime from runtime/dist, which
// `npm install` builds. The settings are the environment variables documented in
// runtime/src/store/platform-config.ts; CALLFLOW_DATA_DIR moves the data folder.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// Ctrl+C in a terminal signals the whole process group, and the embedded PostgreSQL server would
// stop at once while the platform still writes its last call records. So the platform runs in a
// child process with a group of its own, and this process passes SIGINT and SIGTERM on to it.
if (process.env.CALLFLOW_START_PLATFORM !== "1") {
  const platform = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    detached: true,
    stdio: "inherit",
    env: { ...process.env, CALLFLOW_START_PLATFORM: "1" },
  });

  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => platform.kill("SIGTERM"));
  platform.once("exit", (code) => process.exit(code ?? 1));
  await new Promise(() => {});
}
const entry = path.join(root, "runtime", "dist", "store", "start-platform.js");

if (!existsSync(entry)) {
  console.error(`npm start: ${entry} is missing; build the packages first with npm install or npm run build`);
  process.exit(1);
}

const { pino } = await import("pino");
const { startPlatform } = await import(pathToFileURL(entry).href);
const logger = pino({ level: process.env.CALLFLOW_LOG_LEVEL ?? "info" });
let stopping = false;
let studio;
const started = startPlatform({
  dataDir: path.resolve(process.env.CALLFLOW_DATA_DIR ?? path.join(root, ".data")),
  examplesDir: path.join(root, "examples"),
  logger,
});

// The handlers go in before anything is printed: a SIGTERM that arrives with no handler ends the
// process at once, with no shutdown. A signal during start-up shuts down once the start ends.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    started
      .then(async (handle) => {
        await stopStudio(studio);
        await handle.shutdown();
      })
      .then(
        () => process.exit(0),
        (error) => {
          console.error(`npm start: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  });
}

let handle;

try {
  handle = await started;
} catch (error) {
  console.error(`npm start: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`Callflow runtime service listening on ${handle.apiUrl} (health: ${handle.apiUrl}/api/health)`);
if (!stopping) studio = await startStudio(Number(new URL(handle.apiUrl).port));

// Runs a child process in a process group of its own, so that stopping the group also stops
// what it forks (next start forks next-server). `detached` makes the group before the command
// runs, so the group exists as soon as spawn returns.
function spawnGroup(command, args, options) {
  return spawn(command, args, { ...options, detached: true, stdio: ["ignore", "inherit", "inherit"] });
}

function exitOf(child) {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

// Builds the studio when it has no current build, then runs `next start`. A studio that fails
// to build or stops is logged, and the API keeps running.
async function startStudio(apiPort) {
  const { buildCommand, rebuildReason, NEXT_BIN, STUDIO_DIR } = createRequire(import.meta.url)("../studio/scripts/studio-build.cjs");
  const port = process.env.CALLFLOW_STUDIO_PORT ?? "3000";
  const host = process.env.CALLFLOW_STUDIO_HOST ?? "localhost";
  const reason = rebuildReason(".next", apiPort);

  if (reason !== null) {
    console.log(`Building the studio (${reason}); a first build takes about 2 minutes.`);
    const build = buildCommand(".next", apiPort);
    studio = spawnGroup(build.command, build.args, build.options);
    const { code, signal } = await exitOf(studio);

    if (stopping) return undefined;
    if (code !== 0) {
      logger.error({ code, signal }, "the studio could not be built; only the API is running");
      return undefined;
    }
  }

  const child = spawnGroup(process.execPath, [NEXT_BIN, "start", "--port", port, "--hostname", host], {
    cwd: STUDIO_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CALLFLOW_STUDIO_DIST_DIR: ".next" },
  });

  void exitOf(child).then(({ code, signal }) => {
    if (!stopping) logger.error({ code, signal }, "the studio stopped; only the API is running");
  });
  console.log(`Callflow studio on http://${host}:${port}`);
  return child;
}

function stopStudio(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = exitOf(child);

  try {
    process.kill(-child.pid, "SIGTERM");
  } catch (error) {
    // The group is gone when the child has just exited; its exit event is still to come.
    if (error.code !== "ESRCH") throw error;
  }
  return exited;
}
