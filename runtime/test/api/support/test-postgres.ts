import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

import { migrate, openDatabase, type CallflowDatabase } from "@callflow/db";
import pg from "pg";

const CHILD = path.join(__dirname, "postgres-child.ts");
const REGISTER = path.join(__dirname, "..", "..", "..", "..", "db", "test", "support", "register-typescript.mjs");

/** A migrated database of its own for one test file. */
export interface TestPostgres {
  url: string;
  db: CallflowDatabase;
  masterKey: Buffer;
  /** Closes the pool, drops the database and stops the server this file started, if any. */
  stop(): Promise<void>;
}

/** A running PostgreSQL server and the superuser URL of its `postgres` database. */
export interface Server {
  adminUrl: string;
  stop(): Promise<void>;
}

// The db project's Jest global setup starts a server and sets CALLFLOW_TEST_ADMIN_URL when db
// tests are part of the run; DATABASE_URL names an external server. Otherwise this file starts
// an embedded server of its own in a child process.
async function startServer(): Promise<Server> {
  const existing = process.env.CALLFLOW_TEST_ADMIN_URL ?? process.env.DATABASE_URL;

  if (existing) {
    return { adminUrl: existing, stop: async () => undefined };
  }
  return startEmbeddedServer();
}

/**
 * Starts an embedded PostgreSQL server of the caller's own in a child process, even when a shared
 * server exists, for tests that stop it. `stop` stops the server and deletes its files.
 */
export async function startEmbeddedServer(): Promise<Server> {
  const parent = mkdtempSync(path.join(tmpdir(), "callflow-api-test-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
  const child = spawn(process.execPath, ["--import", REGISTER, CHILD, path.join(parent, "data")], { stdio: ["pipe", "pipe", "pipe"] });
  const adminUrl = await readAdminUrl(child);

  return {
    adminUrl,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));

      child.stdin!.end();
      await exited;
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function readAdminUrl(child: ChildProcess): Promise<string> {
  let stderr = "";

  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { adminUrl: string }).adminUrl));
    child.once("exit", (code) => reject(new Error(`the embedded PostgreSQL child exited with ${code} before it was ready:\n${stderr}`)));
  });
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });

  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Starts (or reuses) a server and creates a migrated database for one test file. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const server = await startServer();
  const name = `callflow_api_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(server.adminUrl);

  await adminQuery(server.adminUrl, `create database ${name}`);
  url.pathname = `/${name}`;
  await migrate(url.href);

  const masterKey = randomBytes(32);
  const db = openDatabase({ url: url.href, masterKey });

  return {
    url: url.href,
    db,
    masterKey,
    stop: async () => {
      await db.close();
      await adminQuery(server.adminUrl, `drop database if exists ${name} with (force)`);
      await server.stop();
    },
  };
}
