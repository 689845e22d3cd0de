import { eq, sql } from "drizzle-orm";

import { unwrapDataKey } from "./crypto/data-key.js";
import { NotFoundError } from "./errors.js";
import type { Orm, Transaction } from "./orm.js";
import { APP_ROLE_NAME } from "./schema/roles.js";
import { tenants } from "./schema/tenants.js";
import { assertUuid } from "./uuid.js";

/** Settings for writing a tenant's sensitive values: its encryption switch and data key. */
export interface TenantEncryption {
  enabled: boolean;
  dataKey: Buffer;
}

/**
 * One transaction of one tenant, as the application role: row-level security limits every
 * query on `tx` to rows of `tenantId`.
 */
export class TenantScope {
  readonly #masterKey: Buffer;
  #encryption: Promise<TenantEncryption> | undefined;

  constructor(
    readonly tenantId: string,
    readonly tx: Transaction,
    masterKey: Buffer,
  ) {
    this.#masterKey = masterKey;
  }

  /** Loads the tenant's encryption switch and unwraps its data key, once per transaction. */
  encryption(): Promise<TenantEncryption> {
    this.#encryption ??= this.#loadEncryption();
    return this.#encryption;
  }

  async #loadEncryption(): Promise<TenantEncryption> {
    const [tenant] = await this.tx
      .select({ enabled: tenants.sensitiveDataEncryption, wrappedDataKey: tenants.wrappedDataKey })
      .from(tenants)
      .where(eq(tenants.id, this.tenantId));

    if (!tenant) {
      throw new NotFoundError("tenant", this.tenantId);
    }
    return { enabled: tenant.enabled, dataKey: unwrapDataKey(this.#masterKey, tenant.wrappedDataKey, this.tenantId) };
  }
}

/**
 * Runs `fn` in a new transaction that has switched to the application role and set
 * `app.tenant_id` to `tenantId`. Both settings are local to the transaction, so the pooled
 * connection returns to the pool without them.
 */
export async function runAsTenant<T>(orm: Orm, masterKey: Buffer, tenantId: string, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  assertUuid(tenantId, "tenantId");

  return orm.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE_NAME}, true), set_config('app.tenant_id', ${tenantId}, true)`);

    return fn(new TenantScope(tenantId, tx, masterKey));
  });
}
