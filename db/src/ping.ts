import { sql } from "drizzle-orm";

import type { CallflowDatabase } from "./database.js";

const HEALTH_ACTOR = { kind: "system", name: "health-check" } as const;

/**
 * Runs `select 1` in a transaction of the platform path, which checks that a pooled connection
 * works and that the role switch is allowed. It writes no audit row. Rejects with the driver's
 * error when the server cannot be reached.
 */
export async function pingDatabase(db: CallflowDatabase): Promise<void> {
  await db.withPlatform(HEALTH_ACTOR, (platform) => platform.tx.execute(sql`select 1`));
}
