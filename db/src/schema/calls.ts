import { sql } from "drizzle-orm";
import { bigint, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";

import { bytea, timestampTz, uuidPrimaryKey } from "./columns.js";
import { flowVersions } from "./flows.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { CALL_OUTCOMES, type CallOutcome, CHANNEL_KINDS, type ChannelKind, isOneOf } from "./values.js";

/** A reference to one recording of a call in the recording store. */
export interface RecordingReference {
  uri: string;
  startedAt: string;
  durationMs?: number;
}

/** One row per call (or studio test call), written as the call progresses. */
export const callRecords = pgTable(
  "call_records",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channel: text("channel").$type<ChannelKind>().notNull(),
    caller: text("caller"),
    called: text("called"),
    flowId: uuid("flow_id"),
    flowVersion: integer("flow_version"),
    startedAt: timestampTz("started_at").notNull().defaultNow(),
    answeredAt: timestampTz("answered_at"),
    endedAt: timestampTz("ended_at"),
    outcome: text("outcome").$type<CallOutcome>(),
    /** Milliseconds from start to end; NULL while the call runs. */
    durationMs: bigint("duration_ms", { mode: "number" }).generatedAlwaysAs(
      sql`(extract(epoch from (ended_at - started_at)) * 1000)::bigint`,
    ),
    recordings: jsonb("recordings").$type<RecordingReference[]>().notNull().default([]),
    /** Values the flow collected that are not marked sensitive; sensitive ones are in `call_sensitive_values`. */
    variables: jsonb("variables").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    unique("call_records_tenant_id_id_key").on(t.tenantId, t.id),
    index("call_records_tenant_started_idx").on(t.tenantId, t.startedAt.desc()),
    check("call_records_channel_check", isOneOf(t.channel, CHANNEL_KINDS)),
    check("call_records_outcome_check", isOneOf(t.outcome, CALL_OUTCOMES)),
    check("call_records_times_check", sql`${t.answeredAt} >= ${t.startedAt} and ${t.endedAt} >= ${t.startedAt}`),
    foreignKey({
      name: "call_records_flow_version_fk",
      columns: [t.tenantId, t.flowId, t.flowVersion],
      foreignColumns: [flowVersions.tenantId, flowVersions.flowId, flowVersions.version],
    }),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Values of variables marked sensitive (account numbers, ID numbers). A row contains either the
 * clear value, when the tenant's encryption was off at write time, or AES-256-GCM ciphertext
 * with its 12-byte IV and 16-byte authentication tag (see sensitive-values.ts).
 */
export const callSensitiveValues = pgTable(
  "call_sensitive_values",
  {
    tenantId: uuid("tenant_id").notNull(),
    callId: uuid("call_id").notNull(),
    name: text("name").notNull(),
    plainValue: text("plain_value"),
    ciphertext: bytea("ciphertext"),
    iv: bytea("iv"),
    authTag: bytea("auth_tag"),
  },
  (t) => [
    primaryKey({ columns: [t.callId, t.name] }),
    foreignKey({ name: "call_sensitive_values_call_fk", columns: [t.tenantId, t.callId], foreignColumns: [callRecords.tenantId, callRecords.id] }).onDelete(
      "cascade",
    ),
    check(
      "call_sensitive_values_form_check",
      sql`(${t.plainValue} is not null and ${t.ciphertext} is null and ${t.iv} is null and ${t.authTag} is null)
        or (${t.plainValue} is null and ${t.ciphertext} is not null and octet_length(${t.iv}) = 12 and octet_length(${t.authTag}) = 16)`,
    ),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Trace events of a call in order: nodes entered and left, ports taken, caller input, prompts.
 * `seq` numbers the events of one call from 0; `schema_version` is the trace format's version.
 */
export const callTraceEvents = pgTable(
  "call_trace_events",
  {
    tenantId: uuid("tenant_id").notNull(),
    callId: uuid("call_id").notNull(),
    seq: integer("seq").notNull(),
    at: timestampTz("at").notNull(),
    type: text("type").notNull(),
    nodeId: text("node_id"),
    schemaVersion: integer("schema_version").notNull().default(1),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.callId, t.seq] }),
    foreignKey({ name: "call_trace_events_call_fk", columns: [t.tenantId, t.callId], foreignColumns: [callRecords.tenantId, callRecords.id] }).onDelete(
      "cascade",
    ),
    ...tenantPolicies(t.tenantId),
  ],
);
