import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, uuid } from "drizzle-orm/pg-core";

import { bytea, createdAt, timestampTz } from "./columns.js";
import { platformUsers } from "./platform-users.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { users } from "./users.js";

/**
 * Sign-in sessions of the HTTP API. The row stores the SHA-256 hash of the bearer token, never
 * the token. A session belongs either to a tenant's user (`tenant_id` and `user_id`) or to a
 * platform user (`platform_user_id`). Tenants see only their own rows. Platform sessions have
 * no tenant, so only the platform role reaches them.
 */
export const apiSessions = pgTable(
  "api_sessions",
  {
    tokenHash: bytea("token_hash").primaryKey(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    userId: uuid("user_id"),
    platformUserId: uuid("platform_user_id").references(() => platformUsers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestampTz("expires_at").notNull(),
  },
  (t) => [
    check(
      "api_sessions_owner_check",
      sql`(${t.tenantId} is not null and ${t.userId} is not null and ${t.platformUserId} is null)
        or (${t.tenantId} is null and ${t.userId} is null and ${t.platformUserId} is not null)`,
    ),
    check("api_sessions_token_hash_check", sql`octet_length(${t.tokenHash}) = 32`),
    foreignKey({ name: "api_sessions_user_fk", columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
    index("api_sessions_user_idx").on(t.tenantId, t.userId),
    ...tenantPolicies(t.tenantId),
  ],
);
