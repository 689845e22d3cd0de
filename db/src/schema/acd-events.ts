import { sql } from "drizzle-orm";
import { bigint, check, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

import { createdAt, timestampTz } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";

/**
 * The event log of a tenant's ACD (automatic call distribution): every change of a queue, a
 * waiting call and an agent's state, in the order the owning engine decided them. `seq` counts
 * up from 1 per tenant without gaps, so an engine that takes the tenant over rebuilds its state
 * by replaying the rows in `seq` order and continues after the last one.
 */
export const acdEvents = pgTable(
  "acd_events",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** Time of the decision on the engine's clock. */
    at: timestampTz("at").notNull(),
    /** Event type such as `call.queued` or `agent.state`; the runtime defines the set. */
    type: text("type").notNull(),
    /** The event's fields besides its type and time. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    writtenAt: createdAt("written_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    check("acd_events_seq_check", sql`${t.seq} > 0`),
    check("acd_events_type_check", sql`${t.type} ~ '^[a-z]+(\\.[a-z-]+)+$'`),
    ...tenantPolicies(t.tenantId),
  ],
);
