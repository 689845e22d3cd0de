// `npm start`: runs the runtime service on PostgreSQL with its API on port 4000. Without
// DATABASE_URL it starts the embedded PostgreSQL server with its data in .data/, kept for the
// next start. The first start on an empty database seeds the demo tenant with the example flows
// and prints the admin's password once. It loads the built runtime from runtime/dist, which
// `npm install` builds. The settings are the environment variables documented in
// runtime/src/store/platform-config.ts; CALLFLOW_DATA_DIR moves the data folder.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = path.join(root, "runtime", "dist", "store", "start-platform.js");

if (!existsSync(entry)) {
  console.error(`npm start: ${entry} is missing; build the packages first with npm install or npm run build`);
  process.exit(1);
}

const { pino } = await import("pino");
const { startPlatform } = await import(pathToFileURL(entry).href);
const logger = pino({ level: process.env.CALLFLOW_LOG_LEVEL ?? "info" });
let handle;

try {
  handle = await startPlatform({
    dataDir: path.resolve(process.env.CALLFLOW_DATA_DIR ?? path.join(root, ".data")),
    examplesDir: path.join(root, "examples"),
    logger,
  });
} catch (error) {
  console.error(`npm start: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`Callflow runtime service listening on ${handle.apiUrl} (health: ${handle.apiUrl}/api/health)`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    handle.shutdown().then(
      () => process.exit(0),
      (error) => {
        console.error(`npm start: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
