import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { stringify } from "yaml";

import { createPostgresTestDatabase } from "./postgres-database.js";

const CORE_BANKING_SQL = path.join(__dirname, "..", "..", "..", "..", "..", "examples", "bank-hotline", "core-banking.sql");

/** The bank hotline's core-banking database on the test server, and a connectors file that reaches it. */
export interface DemoBankDatabase {
  /** A `callflow test --connectors` file with the `core-banking` connector, its secret and 127.0.0.1 allowed. */
  readonly connectorsFile: string;
  drop(): Promise<void>;
}

/** Creates a database with the accounts of examples/bank-hotline/core-banking.sql, owned by a role without superuser rights. */
export async function createDemoBankDatabase(): Promise<DemoBankDatabase> {
  const database = await createPostgresTestDatabase();
  const client = await database.admin.connect();

  try {
    await client.query(`set role ${database.user}`);
    await client.query("set search_path = bank");
    await client.query(readFileSync(CORE_BANKING_SQL, "utf8"));
    await client.query("reset role");
  } finally {
    client.release();
  }

  const folder = mkdtempSync(path.join(tmpdir(), "callflow-demo-bank-"));
  const connectorsFile = path.join(folder, "connectors.yaml");

  writeFileSync(
    connectorsFile,
    stringify({
      allow: [`127.0.0.1:${database.port}`],
      connectors: [{ name: "core-banking", kind: "database", settings: { driver: "postgres", host: "127.0.0.1", port: database.port, database: database.database }, secret: "core-banking-login" }],
      secrets: { "core-banking-login": { type: "basic", username: database.user, password: database.password } },
    }),
  );
  return {
    connectorsFile,
    drop: async () => {
      rmSync(folder, { recursive: true, force: true });
      await database.drop();
    },
  };
}
