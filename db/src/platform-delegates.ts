import { createHash } from "node:crypto";

import { eq } from "drizzle-orm";

import type { TenantSession } from "./api-sessions.js";
import { DELEGATE_LOGIN_PREFIX } from "./delegate-login.js";
import type { TenantPermission } from "./permissions.js";
import { tenants } from "./schema/tenants.js";
import { users } from "./schema/users.js";
import type { Locale } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { userColumns, type User } from "./users.js";
import { assertUuid } from "./uuid.js";

/** The platform user whom a delegate represents. */
export interface DelegatedPlatformUser {
  id: string;
  login: string;
  displayName: string;
  locale: Locale;
}

// Stored in place of a scrypt hash: verifyPassword matches no password against it.
const NO_PASSWORD = "!platform-delegate";

/**
 * Returns the id of the delegate of `platformUserId` in `tenantId`: a name-based UUID (version
 * 8, from SHA-256) that the same pair always gives. Tenant admins cannot choose user ids, so
 * they cannot create a delegate's row ahead of it.
 */
export function delegateUserId(tenantId: string, platformUserId: string): string {
  assertUuid(tenantId, "tenantId");
  assertUuid(platformUserId, "platformUserId");

  const bytes = createHash("sha256").update(`platform-delegate:${tenantId.toLowerCase()}:${platformUserId.toLowerCase()}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Returns the platform user's delegate in the scope's tenant, creating it on first use. The flow
 * tables name their authors by tenant user id, so a platform user who edits a tenant's flows
 * does so as this row: a disabled user without roles or a password, whose login is
 * `platform:<login>`. Sign-in rejects it, because it is disabled and has no password. The API
 * grants the platform user's access in the tenant from the platform roles, never from this row.
 *
 * The user functions reject logins with the delegate prefix and changes to delegates, so a
 * tenant admin can neither create a look-alike nor enable a delegate and sign in as it.
 */
export async function ensurePlatformDelegate(scope: TenantScope, platformUser: DelegatedPlatformUser): Promise<User> {
  const id = delegateUserId(scope.tenantId, platformUser.id);
  const [existing] = await scope.tx.select(userColumns).from(users).where(eq(users.id, id));

  if (existing) {
    return existing;
  }

  const [created] = await scope.tx
    .insert(users)
    .values({
      id,
      tenantId: scope.tenantId,
      login: `${DELEGATE_LOGIN_PREFIX}${platformUser.login}`,
      displayName: platformUser.displayName,
      passwordHash: NO_PASSWORD,
      roles: [],
      disabled: true,
    })
    .returning(userColumns);
  return created;
}

/**
 * Returns the session under which a platform user works in the scope's tenant: the user is the
 * platform user's delegate, and `permissions` are those that the platform roles grant in a
 * tenant. Returns null when the tenant does not exist.
 */
export async function openDelegatedSession(
  scope: TenantScope,
  platformUser: DelegatedPlatformUser,
  permissions: readonly TenantPermission[],
  expiresAt: Date,
): Promise<TenantSession | null> {
  const [tenant] = await scope.tx
    .select({ name: tenants.name, status: tenants.status, defaultLocale: tenants.defaultLocale })
    .from(tenants)
    .where(eq(tenants.id, scope.tenantId));

  if (!tenant) {
    return null;
  }

  const delegate = await ensurePlatformDelegate(scope, platformUser);
  return {
    kind: "tenant",
    expiresAt,
    user: { id: delegate.id, login: delegate.login, displayName: delegate.displayName, locale: platformUser.locale },
    tenant: { id: scope.tenantId, ...tenant },
    permissions: [...permissions],
  };
}
