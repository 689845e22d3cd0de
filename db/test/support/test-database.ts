import { randomBytes } from "node:crypto";

import pg from "pg";

import { openDatabase, type CallflowDatabase } from "../../src/database.js";
import { migrate } from "../../src/migrate.js";

/** A database of its own for one test file, on the server that the global setup started. */
export interface TestDatabase {
  /** URL of the database as the superuser that created it. */
  url: string;
  /** The data-access API, opened with `masterKey`. */
  db: CallflowDatabase;
  /** Superuser connections, which bypass row-level security: for arranging and inspecting. */
  owner: pg.Pool;
  masterKey: Buffer;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.CALLFLOW_TEST_ADMIN_URL;

  if (!url) {
    throw new Error("CALLFLOW_TEST_ADMIN_URL is not set: run the db tests through Jest, whose global setup starts the server");
  }
  return url;
}

/** Creates an empty database with a unique name and returns its URL. */
export async function createEmptyDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `callflow_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  const url = new URL(adminUrl());

  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;

  const drop = async () => {
    const client = new pg.Client({ connectionString: adminUrl() });

    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  return { url: url.href, name, drop };
}

/** Creates a migrated database for one test file; call `drop` in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const masterKey = randomBytes(32);

  await migrate(empty.url);

  const db = openDatabase({ url: empty.url, masterKey });
  const owner = new pg.Pool({ connectionString: empty.url, max: 4 });

  return {
    url: empty.url,
    db,
    owner,
    masterKey,
    drop: async () => {
      await db.close();
      await owner.end();
      await empty.drop();
    },
  };
}
