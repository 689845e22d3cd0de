import { findFlowIdByName, type CallflowDatabase } from "@callflow/db";
import type { TransferFlows } from "@callflow/nodes";
import type { Plan } from "@callflow/sdk";

import type { FlowSource } from "../service/flow-source.js";

/**
 * Returns the {@link TransferFlows} of one tenant: its flows are looked up by name in the
 * tenant's scope only, so a name of another tenant's flow is not found, and then loaded as the
 * calls of a number load them.
 */
export function databaseTransferFlows(db: CallflowDatabase, flows: FlowSource, tenantId: string): TransferFlows {
  return {
    async plan(name: string): Promise<Plan> {
      const flowId = await db.withTenant(tenantId, (scope) => findFlowIdByName(scope, name));

      if (flowId === null) throw new Error(`the tenant has no flow named ${name}; publish it, or transfer the call to another flow`);
      const { plan } = await flows.plan(flowId);

      if (plan.kind !== "ivr") throw new Error(`flow ${name} is a ${plan.kind} flow; a call can be transferred to an IVR flow only`);
      return plan;
    },
  };
}
