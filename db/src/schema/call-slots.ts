import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

import { createdAt, uuidPrimaryKey } from "./columns.js";
import { platformPolicy, tenantPolicies } from "./tenant-policies.js";
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

/**
 * Runtime processes that take call slots, with the time of each one's last heartbeat. Only the
 * platform path reads and writes them; reconciliation releases the slots of a process whose
 * heartbeat stopped.
 */
export const runtimeProcesses = pgTable(
  "runtime_processes",
  {
    id: uuidPrimaryKey(),
    /** Host name of the machine, as `os.hostname()` returns it. */
    host: text("host").notNull(),
    /** Operating-system process id on that host. */
    pid: integer("pid").notNull(),
    startedAt: createdAt("started_at"),
    heartbeatAt: createdAt("heartbeat_at"),
  },
  (t) => [index("runtime_processes_heartbeat_at_idx").on(t.heartbeatAt), platformPolicy()],
);

/**
 * Call slots held by each runtime process, per tenant and channel kind. A process's rows add up
 * to its share of `call_slot_counters.in_use`, so reconciliation can subtract exactly what a
 * dead process held.
 *
 * NOTE: there is no foreign key to `runtime_processes`, because reconciliation must also
 * release holds whose process row is already gone.
 */
export const callSlotHolds = pgTable(
  "call_slot_holds",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channel: text("channel").$type<ChannelKind>().notNull(),
    processId: uuid("process_id").notNull(),
    inUse: integer("in_use").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.channel, t.processId] }),
    index("call_slot_holds_process_idx").on(t.processId),
    check("call_slot_holds_in_use_check", sql`${t.inUse} >= 0`),
    ...tenantPolicies(t.tenantId),
  ],
);
