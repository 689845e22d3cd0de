import { sql } from "drizzle-orm";
import { customType, timestamp, uuid } from "drizzle-orm/pg-core";

/** `bytea` as a Node.js Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

/** Declares a `timestamptz` column read as a Date. */
export function timestampTz(name: string) {
  return timestamp(name, { withTimezone: true, mode: "date" });
}

/** Declares a `timestamptz` column that defaults to the transaction's start time. */
export function createdAt(name = "created_at") {
  return timestampTz(name).notNull().defaultNow();
}

/** Declares a primary key of random UUIDs. */
export function uuidPrimaryKey() {
  return uuid("id").primaryKey().default(sql`gen_random_uuid()`);
}
