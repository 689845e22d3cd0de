import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

import { createdAt } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { CHANNEL_KINDS, type ChannelKind, isOneOf } from "./values.js";

/**
 * Concurrent calls in progress per tenant and channel kind, and how many were refused for want
 * of a slot. The limits are the quota columns of `tenants`; call-slots.ts changes the counters
 * with single statements, so they hold across runtime processes.
 */
export const callSlotCounters = pgTable(
  "call_slot_counters",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channel: text("channel").$type<ChannelKind>().notNull(),
    inUse: integer("in_use").notNull().default(0),
    refusedTotal: bigint("refused_total", { mode: "number" }).notNull().default(0),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.channel] }),
    check("call_slot_counters_channel_check", isOneOf(t.channel, CHANNEL_KINDS)),
    check("call_slot_counters_in_use_check", sql`${t.inUse} >= 0`),
    ...tenantPolicies(t.tenantId),
  ],
);
