import { check, foreignKey, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

import { createdAt, timestampTz, uuidPrimaryKey } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { users } from "./users.js";
import { FLOW_KINDS, type FlowKind, isOneOf } from "./values.js";

/** A named flow of a tenant; its editable draft and published versions hang off it. */
export const flows = pgTable(
  "flows",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    kind: text("kind").$type<FlowKind>().notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    /** Archived flows keep their published versions, which call records refer to. */
    archivedAt: timestampTz("archived_at"),
  },
  (t) => [
    unique("flows_tenant_name_key").on(t.tenantId, t.name),
    unique("flows_tenant_id_id_key").on(t.tenantId, t.id),
    check("flows_kind_check", isOneOf(t.kind, FLOW_KINDS)),
    foreignKey({ name: "flows_created_by_fk", columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * The one editable draft of a flow. `version` grows by one on every save: a save names the
 * version it was based on and fails when another save came first (see drafts.ts).
 */
export const flowDrafts = pgTable(
  "flow_drafts",
  {
    flowId: uuid("flow_id").primaryKey(),
    tenantId: uuid("tenant_id").notNull(),
    document: jsonb("document").notNull(),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").notNull(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    check("flow_drafts_version_check", sql`${t.version} >= 1`),
    foreignKey({ name: "flow_drafts_flow_fk", columns: [t.tenantId, t.flowId], foreignColumns: [flows.tenantId, flows.id] }).onDelete("cascade"),
    foreignKey({ name: "flow_drafts_updated_by_fk", columns: [t.tenantId, t.updatedBy], foreignColumns: [users.tenantId, users.id] }),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Published versions, numbered 1, 2, ... per flow. They are immutable: the application role has
 * no UPDATE or DELETE grant, and a trigger rejects UPDATE for every role (migration 0002).
 */
export const flowVersions = pgTable(
  "flow_versions",
  {
    tenantId: uuid("tenant_id").notNull(),
    flowId: uuid("flow_id").notNull(),
    version: integer("version").notNull(),
    document: jsonb("document").notNull(),
    /** Hash of the compiled plan, as computed by the compiler that validated the document. */
    compiledHash: text("compiled_hash").notNull(),
    publishedBy: uuid("published_by").notNull(),
    publishedAt: createdAt("published_at"),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.flowId, t.version] }),
    check("flow_versions_version_check", sql`${t.version} >= 1`),
    foreignKey({ name: "flow_versions_flow_fk", columns: [t.tenantId, t.flowId], foreignColumns: [flows.tenantId, flows.id] }).onDelete("restrict"),
    foreignKey({ name: "flow_versions_published_by_fk", columns: [t.tenantId, t.publishedBy], foreignColumns: [users.tenantId, users.id] }),
    ...tenantPolicies(t.tenantId),
  ],
);
