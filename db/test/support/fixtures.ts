import { users } from "../../src/schema/users.js";
import type { CallflowDatabase } from "../../src/database.js";
import type { TenantQuotas } from "../../src/platform/quotas.js";

/** The platform actor of the tests. */
export const TEST_ACTOR = { kind: "system", name: "db-tests" } as const;

/** A tenant with one user, created through the platform path. */
export interface TenantFixture {
  tenantId: string;
  userId: string;
}

/**
 * Creates a tenant and an analyst user. The user gets a placeholder instead of a password hash,
 * which no password matches, because scrypt at full cost would slow every test file down.
 */
export async function createTenantWithUser(
  db: CallflowDatabase,
  name: string,
  options: { quotas?: Partial<TenantQuotas>; sensitiveDataEncryption?: boolean } = {},
): Promise<TenantFixture> {
  const tenant = await db.withPlatform(TEST_ACTOR, (platform) => platform.createTenant({ name, ...options }));
  const [user] = await db.withTenant(tenant.id, ({ tx, tenantId }) =>
    tx
      .insert(users)
      .values({ tenantId, login: `analyst@${name}`, displayName: `Analyst of ${name}`, passwordHash: "placeholder", roles: ["tenant-analyst"] })
      .returning({ id: users.id }),
  );

  return { tenantId: tenant.id, userId: user.id };
}
