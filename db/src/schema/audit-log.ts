import { bigint, check, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";

import { createdAt } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { isOneOf } from "./values.js";

export const ACTOR_KINDS = ["platform-user", "user", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * Append-only record of administrative actions. `tenant_id` is the tenant acted on, or NULL
 * for platform-wide actions, which no tenant can read. A trigger rejects UPDATE and DELETE for
 * every role (migration 0002). There is no foreign key to `tenants`, so that entries outlive
 * their tenant.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: createdAt("at"),
    tenantId: uuid("tenant_id"),
    actorKind: text("actor_kind").$type<ActorKind>().notNull(),
    /** Id of the platform user or user, or the name of the system component. */
    actorId: text("actor_id").notNull(),
    /** Dotted action name, such as `tenant.create` or `tenant.quotas.update`. */
    action: text("action").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_tenant_at_idx").on(t.tenantId, t.at),
    check("audit_log_actor_kind_check", isOneOf(t.actorKind, ACTOR_KINDS)),
    ...tenantPolicies(t.tenantId),
  ],
);
