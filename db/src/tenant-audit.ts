import { auditLog } from "./schema/audit-log.js";
import type { TenantScope } from "./tenant-scope.js";

/** The actor of a change to a tenant's data: one of its users, or a platform user acting on the tenant. */
export interface TenantChangeActor {
  kind: "user" | "platform-user";
  id: string;
}

/**
 * Writes an audit log row of the scope's tenant in the scope's transaction, so the change and
 * its record commit together. `details` must not contain passwords or sensitive values.
 */
export async function auditTenantChange(scope: TenantScope, actor: TenantChangeActor, action: string, details: Record<string, unknown>): Promise<void> {
  await scope.tx.insert(auditLog).values({ tenantId: scope.tenantId, actorKind: actor.kind, actorId: actor.id, action, details });
}
