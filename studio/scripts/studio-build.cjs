// Builds the studio when its build is missing, older than its sources, or made for another API
// port: Next.js stores the /api rewrite, with the port, in the build. Used by `npm start` and by
// the studio's end-to-end tests, each with its own build folder.
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
const path = require("node:path");

const STUDIO_DIR = path.resolve(__dirname, "..");
const NEXT_BIN = path.join(STUDIO_DIR, "..", "node_modules", "next", "dist", "bin", "next");

// Inputs of a build: the studio's sources and the built SDK and node specs it bundles.
const BUILD_INPUTS = ["src", "messages", "next.config.ts", "postcss.config.mjs", "../sdk/dist", "../nodes/dist"];

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);

  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

/** Returns the API port that the build in `distDir` rewrites /api to, or undefined without a build. */
function builtApiPort(distDir) {
  const manifest = path.join(STUDIO_DIR, distDir, "routes-manifest.json");
  if (!existsSync(manifest)) return undefined;

  const port = /http:\/\/127\.0\.0\.1:(\d+)\/api/.exec(readFileSync(manifest, "utf8"))?.[1];
  return port === undefined ? undefined : Number(port);
}

/** Returns why the build in `distDir` must be made again for `apiPort`, or null when it is current. */
function rebuildReason(distDir, apiPort) {
  const buildId = path.join(STUDIO_DIR, distDir, "BUILD_ID");

  if (!existsSync(buildId)) return "no build yet";
  if (builtApiPort(distDir) !== apiPort) return `the build is for API port ${builtApiPort(distDir)}, not ${apiPort}`;
  const built = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestChange(path.join(STUDIO_DIR, input)) > built);
  return changed === undefined ? null : `${changed} changed since the last build`;
}

/** Returns the command line and options of `next build` into `distDir` for an API on `apiPort`. */
function buildCommand(distDir, apiPort) {
  return {
    command: process.execPath,
    args: [NEXT_BIN, "build"],
    options: { cwd: STUDIO_DIR, env: { ...process.env, CALLFLOW_API_PORT: String(apiPort), CALLFLOW_STUDIO_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } },
  };
}

// Output of `next build` when another build holds the lock file of the same build folder.
const LOCKED_BY_ANOTHER_BUILD = /Another next build process is already running/;
const LOCK_RETRY_MS = 5_000;
const LOCK_WAIT_LIMIT_MS = 15 * 60_000;

function sleepSync(milliseconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/**
 * Runs `next build` into `distDir` with /api rewritten to 127.0.0.1:`apiPort`, unless the build
 * there is current. Returns the reason it built, or null. Test runs started at the same time
 * share the build folder: when another `next build` holds its lock, this waits and checks again,
 * for up to 15 minutes, because that build may make this one unnecessary. Throws with the
 * build's output when the build fails.
 */
function ensureStudioBuild(distDir, apiPort) {
  const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;

  for (;;) {
    const reason = rebuildReason(distDir, apiPort);
    if (reason === null) return null;

    const { command, args, options } = buildCommand(distDir, apiPort);
    const result = spawnSync(command, args, { ...options, encoding: "utf8", timeout: 15 * 60_000 });
    if (result.status === 0) return reason;

    const output = `${result.stdout}\n${result.stderr}`;
    if (!LOCKED_BY_ANOTHER_BUILD.test(output) || Date.now() > deadline) {
      throw new Error(`next build failed with exit code ${result.status ?? result.signal}:\n${output}`);
    }
    sleepSync(LOCK_RETRY_MS);
  }
}

module.exports = { STUDIO_DIR, NEXT_BIN, builtApiPort, rebuildReason, buildCommand, ensureStudioBuild };
