import { eq, sql } from "drizzle-orm";

import { decryptAesGcm, encryptAesGcm } from "./crypto/aes-gcm.js";
import { callSensitiveValues } from "./schema/calls.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

// Authenticated with each ciphertext, so that a ciphertext moved to another tenant, call or
// variable fails to decrypt instead of showing up there.
function associatedData(tenantId: string, callId: string, name: string): Buffer {
  return Buffer.from(JSON.stringify(["callflow/sensitive-value/v1", tenantId, callId, name]), "utf8");
}

/**
 * Stores the values of a call's sensitive variables: encrypted with AES-256-GCM under the
 * tenant's data key when the tenant's encryption switch is on, otherwise as clear text. A value
 * already stored under the same name is replaced.
 */
export async function writeSensitiveValues(scope: TenantScope, callId: string, values: Record<string, string>): Promise<void> {
  assertUuid(callId, "callId");

  const entries = Object.entries(values);
  if (entries.length === 0) {
    return;
  }

  const { enabled, dataKey } = await scope.encryption();
  const rows = entries.map(([name, value]) => {
    const base = { tenantId: scope.tenantId, callId, name };

    if (!enabled) {
      return { ...base, plainValue: value, ciphertext: null, iv: null, authTag: null };
    }
    return { ...base, plainValue: null, ...encryptAesGcm(dataKey, Buffer.from(value, "utf8"), associatedData(scope.tenantId, callId, name)) };
  });

  await scope.tx
    .insert(callSensitiveValues)
    .values(rows)
    .onConflictDoUpdate({
      target: [callSensitiveValues.callId, callSensitiveValues.name],
      set: { plainValue: sql`excluded.plain_value`, ciphertext: sql`excluded.ciphertext`, iv: sql`excluded.iv`, authTag: sql`excluded.auth_tag` },
    });
}

/**
 * Returns a call's sensitive values in clear text, decrypting those stored encrypted. The caller
 * must have checked that the reader has the `sensitive.view` permission.
 */
export async function readSensitiveValues(scope: TenantScope, callId: string): Promise<Record<string, string>> {
  assertUuid(callId, "callId");

  const rows = await scope.tx.select().from(callSensitiveValues).where(eq(callSensitiveValues.callId, callId));
  const values: Record<string, string> = {};

  for (const row of rows) {
    if (row.plainValue !== null) {
      values[row.name] = row.plainValue;
      continue;
    }

    const { dataKey } = await scope.encryption();
    const sealed = { ciphertext: row.ciphertext!, iv: row.iv!, authTag: row.authTag! };
    const description = `sensitive value ${row.name} of call ${callId}`;

    values[row.name] = decryptAesGcm(dataKey, sealed, associatedData(scope.tenantId, callId, row.name), description).toString("utf8");
  }
  return values;
}
