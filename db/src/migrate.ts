import { fileURLToPath } from "node:url";

import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as drizzleMigrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

/** The folder of the SQL migrations that drizzle-kit generated, shipped with this package. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

// Key of the session-level advisory lock that keeps two processes from migrating one database
// at the same time. Any constant works if nothing else in the database uses it.
const MIGRATION_LOCK_KEY = 7_208_315_551;

/**
 * Applies the migrations that the database at `url` has not had yet, all in one transaction,
 * recording them in `drizzle.__drizzle_migrations`. Running it again is a no-op. Connect as the
 * user that owns the schema (or a superuser): the first migration creates roles. Processes that
 * migrate the same database at once take turns.
 */
export async function migrate(url: string, options: { migrationsFolder?: string } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });

  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await drizzleMigrate(drizzle(client), { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
