import { asc, eq } from "drizzle-orm";

import { NotFoundError } from "./errors.js";
import { flows } from "./schema/flows.js";
import { phoneNumbers } from "./schema/phone-numbers.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A called number of a tenant, with the flow that takes its calls. */
export interface PhoneNumberSettings {
  id: string;
  number: string;
  flowId: string | null;
  flowName: string | null;
  callerId: string | null;
  createdAt: Date;
}

async function readNumbers(scope: TenantScope, id?: string): Promise<PhoneNumberSettings[]> {
  return scope.tx
    .select({
      id: phoneNumbers.id,
      number: phoneNumbers.number,
      flowId: phoneNumbers.flowId,
      flowName: flows.name,
      callerId: phoneNumbers.callerId,
      createdAt: phoneNumbers.createdAt,
    })
    .from(phoneNumbers)
    .leftJoin(flows, eq(flows.id, phoneNumbers.flowId))
    .where(id === undefined ? undefined : eq(phoneNumbers.id, id))
    .orderBy(asc(phoneNumbers.number));
}

/** Returns the scope's numbers, in number order. */
export async function listPhoneNumbers(scope: TenantScope): Promise<PhoneNumberSettings[]> {
  return readNumbers(scope);
}

/**
 * Changes the flow that takes a number's calls and its outbound caller id. A field left out
 * keeps its value, and null clears it. Tenants cannot add or remove numbers: the platform assigns them.
 * Throws NotFoundError for a number of another tenant, and the driver's foreign key error for a
 * flow of another tenant.
 */
export async function updatePhoneNumber(
  scope: TenantScope,
  id: string,
  changes: { flowId?: string | null; callerId?: string | null },
): Promise<PhoneNumberSettings> {
  assertUuid(id, "id");
  if (changes.flowId) assertUuid(changes.flowId, "flowId");

  if (Object.keys(changes).length > 0) {
    await scope.tx.update(phoneNumbers).set(changes).where(eq(phoneNumbers.id, id));
  }

  const [number] = await readNumbers(scope, id);
  if (!number) {
    throw new NotFoundError("phone number", id);
  }
  return number;
}
