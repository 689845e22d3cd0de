import { sql } from "drizzle-orm";
import { boolean, check, integer, pgPolicy, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

import { bytea, createdAt, uuidPrimaryKey } from "./columns.js";
import { appRole } from "./roles.js";
import { currentTenantId, platformPolicy } from "./tenant-policies.js";
import { isOneOf, LOCALES, type Locale, TENANT_STATUSES, type TenantStatus } from "./values.js";

/**
 * The client companies served by the platform, with their quotas. Only the platform path
 * writes here; a tenant's own transactions may read their tenant's row.
 */
export const tenants = pgTable(
  "tenants",
  {
    id: uuidPrimaryKey(),
    name: text("name").notNull(),
    status: text("status").$type<TenantStatus>().notNull().default("active"),
    defaultLocale: text("default_locale").$type<Locale>().notNull().default("en"),
    maxAgents: integer("max_agents").notNull(),
    maxPstnCalls: integer("max_pstn_calls").notNull(),
    maxWebCalls: integer("max_web_calls").notNull(),
    maxLoadedFlows: integer("max_loaded_flows").notNull(),
    /** Concurrent test calls started from the studio's simulator. */
    maxTestCalls: integer("max_test_calls").notNull(),
    /** When true, new sensitive values are stored encrypted with the tenant's data key. */
    sensitiveDataEncryption: boolean("sensitive_data_encryption").notNull().default(false),
    /** The tenant's AES-256 data key, encrypted with the master key (see crypto/data-key.ts). */
    wrappedDataKey: bytea("wrapped_data_key").notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    uniqueIndex("tenants_name_key").on(sql`lower(${t.name})`),
    check("tenants_status_check", isOneOf(t.status, TENANT_STATUSES)),
    check("tenants_default_locale_check", isOneOf(t.defaultLocale, LOCALES)),
    check(
      "tenants_quotas_check",
      sql`${t.maxAgents} >= 0 and ${t.maxPstnCalls} >= 0 and ${t.maxWebCalls} >= 0 and ${t.maxLoadedFlows} >= 0 and ${t.maxTestCalls} >= 0`,
    ),
    pgPolicy("tenant_reads_itself", { for: "select", to: appRole, using: sql`${t.id} = ${currentTenantId}` }),
    platformPolicy(),
  ],
);
