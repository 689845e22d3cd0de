import type { PublishedFlowVersion, TenantScope } from "@callflow/db";
import type { CompileResult, NodeRegistry } from "@callflow/sdk";

import { compileForTenant } from "../api/flows/compile-for-tenant.js";

/**
 * Compiles a published version with its subflows, prompts and calendars read from the tenant's
 * tables. A subflow resolves to its version that was current when `version` was published.
 *
 * NOTE: prompts and calendars are not versioned in the database, so a plan uses their rows as
 * they were when it was compiled. A later change reaches it only after the next publish of the
 * flow or a restart.
 */
export function compilePublishedVersion(scope: TenantScope, version: PublishedFlowVersion, registry: NodeRegistry): Promise<CompileResult> {
  return compileForTenant(scope, { name: version.name, document: version.document, subflowsAsOf: { flowId: version.flowId, version: version.version } }, registry);
}
