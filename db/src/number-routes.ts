import { and, eq } from "drizzle-orm";

import type { PlatformScope } from "./platform/platform-scope.js";
import type { TenantQuotas } from "./platform/quotas.js";
import { flows } from "./schema/flows.js";
import { phoneNumbers } from "./schema/phone-numbers.js";
import { tenants } from "./schema/tenants.js";
import type { TenantStatus } from "./schema/values.js";

/** The tenant, flow, caller id and quotas of a called number, read in one query. */
export interface CalledNumberRoute {
  number: string;
  tenantId: string;
  tenantStatus: TenantStatus;
  /** The flow that takes calls to the number; null when the tenant has not chosen one. */
  flowId: string | null;
  flowName: string | null;
  callerId: string | null;
  quotas: TenantQuotas;
}

/**
 * Returns the route of a called number, or null when no tenant has it. It runs on the platform
 * path because the tenant is what it finds out; it writes no audit row, as it changes nothing.
 */
export async function describeCalledNumber({ tx }: PlatformScope, number: string): Promise<CalledNumberRoute | null> {
  const [row] = await tx
    .select({
      number: phoneNumbers.number,
      tenantId: phoneNumbers.tenantId,
      tenantStatus: tenants.status,
      flowId: phoneNumbers.flowId,
      flowName: flows.name,
      callerId: phoneNumbers.callerId,
      maxAgents: tenants.maxAgents,
      maxPstnCalls: tenants.maxPstnCalls,
      maxWebCalls: tenants.maxWebCalls,
      maxLoadedFlows: tenants.maxLoadedFlows,
      maxTestCalls: tenants.maxTestCalls,
    })
    .from(phoneNumbers)
    .innerJoin(tenants, eq(tenants.id, phoneNumbers.tenantId))
    .leftJoin(flows, and(eq(flows.tenantId, phoneNumbers.tenantId), eq(flows.id, phoneNumbers.flowId)))
    .where(eq(phoneNumbers.number, number));

  if (!row) return null;

  const { maxAgents, maxPstnCalls, maxWebCalls, maxLoadedFlows, maxTestCalls, ...route } = row;
  return { ...route, quotas: { maxAgents, maxPstnCalls, maxWebCalls, maxLoadedFlows, maxTestCalls } };
}
