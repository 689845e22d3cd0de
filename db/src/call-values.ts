import { sql } from "drizzle-orm";

import { writeSensitiveValues } from "./sensitive-values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** The final values of one call's variables, split by whether the flow declares them sensitive. */
export interface CallValues {
  /** Id of the call's record, which must exist. */
  callId: string;
  /** Values of variables that are not sensitive, stored as they are. */
  variables: Record<string, unknown>;
  /** Values of sensitive variables as text, stored encrypted when the tenant's switch is on. */
  sensitive: Record<string, string>;
}

/**
 * Stores the final variables of calls of the scope's tenant: plain ones in
 * `call_records.variables`, sensitive ones through writeSensitiveValues, which encrypts them
 * when the tenant's encryption switch is on at the time of this write.
 */
export async function storeCallValues(scope: TenantScope, calls: readonly CallValues[]): Promise<void> {
  if (calls.length === 0) return;

  calls.forEach((call) => assertUuid(call.callId, "callId"));
  const rows = JSON.stringify(calls.map((call) => ({ id: call.callId, variables: call.variables })));

  await scope.tx.execute(sql`
    update call_records c
       set variables = v.variables
      from json_to_recordset(${rows}::json) as v(id uuid, variables jsonb)
     where c.id = v.id`);
  for (const call of calls) {
    await writeSensitiveValues(scope, call.callId, call.sensitive);
  }
}
