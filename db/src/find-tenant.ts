import { eq, sql } from "drizzle-orm";

import type { PlatformScope } from "./platform/platform-scope.js";
import { tenants } from "./schema/tenants.js";
import type { TenantStatus } from "./schema/values.js";

/**
 * Returns the id and status of the tenant with this name (compared case-insensitively), or
 * null. Sign-in uses it to find the tenant that a login belongs to; it writes no audit row.
 */
export async function findTenantByName(platform: PlatformScope, name: string): Promise<{ id: string; status: TenantStatus } | null> {
  const [tenant] = await platform.tx
    .select({ id: tenants.id, status: tenants.status })
    .from(tenants)
    .where(eq(sql`lower(${tenants.name})`, name.trim().toLowerCase()));

  return tenant ?? null;
}
