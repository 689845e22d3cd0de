import type { NodePgDatabase } from "drizzle-orm/node-postgres";

import type * as schema from "./schema/index.js";

/** Drizzle bound to a connection pool and this package's schema. */
export type Orm = NodePgDatabase<typeof schema>;

/** A Drizzle transaction of `Orm`. */
export type Transaction = Parameters<Parameters<Orm["transaction"]>[0]>[0];
