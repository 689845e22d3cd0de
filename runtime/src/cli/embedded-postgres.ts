import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

import pg from "pg";

import { defaultWorkerEntry } from "../sandbox/worker-entry.js";

/** A database that a connectors file's `embedded` connector requests. */
export interface EmbeddedDatabaseRequest {
  /** Connector name, for messages. */
  readonly connector: string;
  /** Absolute path of the SQL file to load into the new database, if any. */
  readonly seedFile: string | undefined;
}

/** The login of one database on the embedded server. */
export interface EmbeddedDatabase {
  readonly database: string;
  readonly username: string;
  readonly password: string;
}

/** A running throwaway server with one database per request. */
export interface EmbeddedDatabases {
  readonly port: number;
  /** Databases by connector name. */
  readonly databases: ReadonlyMap<string, EmbeddedDatabase>;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/** The embedded server failed to start, or a seed file failed to load. */
export class EmbeddedPostgresError extends Error {
  readonly code = "embedded-postgres-failed";

  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

/**
 * Starts a throwaway embedded PostgreSQL server on a free port of 127.0.0.1 in a child process,
 * with its data in a new temporary folder. For each request it creates a database owned by a new
 * login without superuser rights and loads the seed file as that login. `execArgv` are Node.js
 * options of the child, such as a TypeScript loader when the CLI runs from its sources.
 *
 * @throws EmbeddedPostgresError naming the step that failed; the server is stopped and its folder deleted
 */
export async function startEmbeddedDatabases(requests: readonly EmbeddedDatabaseRequest[], execArgv: readonly string[]): Promise<EmbeddedDatabases> {
  const folder = mkdtempSync(path.join(tmpdir(), "callflow-embedded-postgres-"));

  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(folder, 0o755);
  // A process group of its own keeps Ctrl+C from the server. When the command dies of it, the
  // child's standard input closes, so the child stops the server and deletes the folder.
  const child = spawn(process.execPath, [...execArgv, childEntry(), folder], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));

      child.stdin!.end();
      await exited;
    }
    // The child deletes the folder after stopping the server. This covers a child that died first.
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    const adminUrl = await readAdminUrl(child, folder);
    const port = Number(new URL(adminUrl).port);
    const databases = new Map<string, EmbeddedDatabase>();

    for (const [index, request] of requests.entries()) {
      databases.set(request.connector, await createSeededDatabase(adminUrl, `connector_${index + 1}`, request));
    }
    return { port, databases, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The child's entry sits beside this module with the same extension: `.js` in the build, `.ts`
// when the sources run under Jest. The sandbox's worker entry is found the same way.
function childEntry(): string {
  const workerEntry = defaultWorkerEntry();

  return path.join(path.dirname(workerEntry), "..", "cli", `embedded-postgres-main${path.extname(workerEntry)}`);
}

function readAdminUrl(child: ChildProcess, folder: string): Promise<string> {
  let stderr = "";

  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { adminUrl: string }).adminUrl));
    child.once("error", (error) => reject(new EmbeddedPostgresError(`the embedded PostgreSQL server could not be started: ${error.message}`)));
    child.once("exit", (code) => reject(new EmbeddedPostgresError(`the embedded PostgreSQL server in ${folder} failed to start (exit code ${code}):\n${stderr}`)));
  });
}

async function createSeededDatabase(adminUrl: string, name: string, request: EmbeddedDatabaseRequest): Promise<EmbeddedDatabase> {
  const password = randomBytes(18).toString("base64url");
  const admin = new pg.Client({ connectionString: adminUrl });

  await admin.connect();
  try {
    await admin.query(`create role ${name} login password '${password}'`);
    await admin.query(`create database ${name} owner ${name}`);
  } finally {
    await admin.end();
  }

  if (request.seedFile !== undefined) {
    const url = new URL(adminUrl);
    const client = new pg.Client({ host: url.hostname, port: Number(url.port), database: name, user: name, password });

    await client.connect();
    try {
      await client.query(readFileSync(request.seedFile, "utf8"));
    } catch (error) {
      throw new EmbeddedPostgresError(`loading the seed file ${request.seedFile} of connector "${request.connector}" failed: ${(error as Error).message}; fix the SQL`);
    } finally {
      await client.end();
    }
  }
  return { database: name, username: name, password };
}
