import { type AnyColumn, sql } from "drizzle-orm";
import { pgPolicy } from "drizzle-orm/pg-core";

import { appRole, platformRole } from "./roles.js";

/**
 * The tenant of the current transaction, or NULL when none is set. `missing_ok` makes an unset
 * setting NULL instead of an error, and `nullif` covers a pooled connection whose earlier
 * transaction set it: afterwards PostgreSQL returns '' rather than NULL, and `''::uuid` would
 * fail every query with "invalid input syntax for type uuid".
 */
export const currentTenantId = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Row-level security for a tenant-owned table: the application role reads and writes only rows
 * of the current tenant, and the platform role reaches every row.
 */
export function tenantPolicies(tenantId: AnyColumn) {
  return [
    pgPolicy("tenant_isolation", {
      for: "all",
      to: appRole,
      using: sql`${tenantId} = ${currentTenantId}`,
      withCheck: sql`${tenantId} = ${currentTenantId}`,
    }),
    platformPolicy(),
  ];
}

/** Builds the platform role's policy: every row, every command. */
export function platformPolicy() {
  return pgPolicy("platform_access", { for: "all", to: platformRole, using: sql`true`, withCheck: sql`true` });
}
