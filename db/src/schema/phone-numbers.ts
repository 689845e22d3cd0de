import { check, foreignKey, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

import { createdAt, uuidPrimaryKey } from "./columns.js";
import { flows } from "./flows.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";

/**
 * Called numbers: the tenant and flow that take calls to `number`, and the caller id that the
 * tenant's outbound calls from it present. The platform assigns numbers to tenants; a tenant
 * may only change the flow and caller id of its own numbers (column grants in migration 0002).
 */
export const phoneNumbers = pgTable(
  "phone_numbers",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** Digits as the carrier delivers them, optionally with a leading `+`. */
    number: text("number").notNull().unique("phone_numbers_number_key"),
    flowId: uuid("flow_id"),
    callerId: text("caller_id"),
    createdAt: createdAt(),
  },
  (t) => [
    check("phone_numbers_number_check", sql`${t.number} ~ '^\\+?[0-9]{2,20}$'`),
    foreignKey({ name: "phone_numbers_flow_fk", columns: [t.tenantId, t.flowId], foreignColumns: [flows.tenantId, flows.id] }),
    ...tenantPolicies(t.tenantId),
  ],
);
