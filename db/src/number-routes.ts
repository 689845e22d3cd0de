import { and, eq } from "drizzle-orm";
import type pg from "pg";

import { runInOneRoundTrip } from "./one-round-trip.js";

import type { PlatformScope } from "./platform/platform-scope.js";
import type { TenantQuotas } from "./platform/quotas.js";
import { flows } from "./schema/flows.js";
import { phoneNumbers } from "./schema/phone-numbers.js";
import { PLATFORM_ROLE_NAME } from "./schema/roles.js";
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

// The form of called numbers as normalizeNumber of the runtime's directory writes them.
const CALLED_NUMBER = /^\+?[0-9]{1,32}$/;

/**
 * Does what describeCalledNumber does, as the platform role, in one round trip, for the number
 * lookup at the start of every call. It writes no audit row. A number that is not digits with an
 * optional leading `+` matches no row, so it returns null without querying.
 */
export async function lookUpCalledNumber(pool: pg.Pool, number: string): Promise<CalledNumberRoute | null> {
  if (!CALLED_NUMBER.test(number)) return null;

  const result = await runInOneRoundTrip(
    pool,
    [`role ${PLATFORM_ROLE_NAME}`],
    [
      `select n.number, n.tenant_id as "tenantId", t.status as "tenantStatus", n.flow_id as "flowId", f.name as "flowName", n.caller_id as "callerId",
              t.max_agents as "maxAgents", t.max_pstn_calls as "maxPstnCalls", t.max_web_calls as "maxWebCalls",
              t.max_loaded_flows as "maxLoadedFlows", t.max_test_calls as "maxTestCalls"
         from phone_numbers n
         join tenants t on t.id = n.tenant_id
         left join flows f on f.tenant_id = n.tenant_id and f.id = n.flow_id
        where n.number = '${number}'`,
    ],
  );
  const row = result.rows[0] as (Omit<CalledNumberRoute, "quotas"> & TenantQuotas) | undefined;

  if (!row) return null;

  const { maxAgents, maxPstnCalls, maxWebCalls, maxLoadedFlows, maxTestCalls, ...route } = row;
  return { ...route, quotas: { maxAgents, maxPstnCalls, maxWebCalls, maxLoadedFlows, maxTestCalls } };
}
