import { type CallflowDatabase, type CalledNumberRoute, type TenantStatus } from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";

import { normalizeNumber, type Directory, type DirectoryEntry } from "../directory/directory.js";

/**
 * An entry of the database directory. `flow` is the flow's id, which the database flow source
 * loads; `flowName` is for people.
 */
export interface DatabaseDirectoryEntry extends DirectoryEntry {
  flowName: string;
  tenantStatus: TenantStatus;
  tenantQuotas: CalledNumberRoute["quotas"];
}

/**
 * The directory of a multi-tenant install: each lookup reads the called number's tenant, flow,
 * caller id and quotas from PostgreSQL in one round trip, so a number assigned or moved takes effect
 * on the next call. Concurrent-call quotas are enforced by DatabaseCallAdmission, per tenant
 * and channel kind; `quotas.maxConcurrentCalls` only reports the tenant's PSTN limit.
 */
export class DatabaseDirectory implements Directory {
  constructor(
    private readonly db: CallflowDatabase,
    private readonly logger: Logger = silentLogger,
  ) {}

  async lookup(calledNumber: string): Promise<DatabaseDirectoryEntry | undefined> {
    const number = normalizeNumber(calledNumber);
    const route = await this.db.lookUpCalledNumber(number);

    if (!route) return undefined;
    if (route.flowId === null || route.flowName === null) {
      this.logger.warn({ number, tenantId: route.tenantId }, "called number has no flow; treating it as not in service");
      return undefined;
    }
    return {
      number: route.number,
      tenantId: route.tenantId,
      flow: route.flowId,
      flowName: route.flowName,
      callerId: route.callerId ?? undefined,
      quotas: { maxConcurrentCalls: route.quotas.maxPstnCalls },
      tenantStatus: route.tenantStatus,
      tenantQuotas: route.quotas,
    };
  }
}
