import { pgRole } from "drizzle-orm/pg-core";

/**
 * Database role of tenant-scoped work. `withTenant` switches to it for each transaction; the
 * row-level security policies let it see only the rows of the tenant set in `app.tenant_id`.
 */
export const APP_ROLE_NAME = "callflow_app";

/** Database role of the audited platform path (`withPlatform`), which works across tenants. */
export const PLATFORM_ROLE_NAME = "callflow_platform";

// Both roles are cluster-wide, so the custom migration 0000 creates them only when missing:
// drizzle-kit would emit a bare CREATE ROLE, which fails in the second database of a cluster.
export const appRole = pgRole(APP_ROLE_NAME).existing();
export const platformRole = pgRole(PLATFORM_ROLE_NAME).existing();
