import { and, eq, gt, isNotNull, lte } from "drizzle-orm";

import { InvalidInputError } from "./errors.js";
import { type PlatformPermission, type PlatformRoleName, PLATFORM_ROLES, permissionsOf, type TenantPermission } from "./permissions.js";
import type { PlatformScope } from "./platform/platform-scope.js";
import { apiSessions } from "./schema/api-sessions.js";
import { platformUsers } from "./schema/platform-users.js";
import { tenants } from "./schema/tenants.js";
import { customRoles, userCustomRoles, users } from "./schema/users.js";
import type { Locale, TenantStatus } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A live session of a tenant's user, with what the API needs to authorize a request. */
export interface TenantSession {
  kind: "tenant";
  expiresAt: Date;
  user: { id: string; login: string; displayName: string; locale: Locale | null };
  tenant: { id: string; name: string; status: TenantStatus; defaultLocale: Locale };
  /** Permissions of the user's built-in and custom roles together. */
  permissions: TenantPermission[];
}

/** A live session of a platform user. */
export interface PlatformSession {
  kind: "platform";
  expiresAt: Date;
  user: { id: string; login: string; displayName: string; locale: Locale; roles: PlatformRoleName[] };
  permissions: PlatformPermission[];
}

function assertTokenHash(tokenHash: Buffer): void {
  if (tokenHash.length !== 32) {
    throw new InvalidInputError("tokenHash", `expected the 32-byte SHA-256 hash of the token, got ${tokenHash.length} bytes`);
  }
}

/**
 * Stores a session of a tenant's user under the hash of its token, and deletes the user's
 * expired sessions, which nothing else removes.
 */
export async function createTenantSession(scope: TenantScope, input: { tokenHash: Buffer; userId: string; expiresAt: Date }): Promise<void> {
  assertTokenHash(input.tokenHash);
  assertUuid(input.userId, "userId");

  await scope.tx.delete(apiSessions).where(and(eq(apiSessions.userId, input.userId), lte(apiSessions.expiresAt, new Date())));
  await scope.tx.insert(apiSessions).values({ tokenHash: input.tokenHash, tenantId: scope.tenantId, userId: input.userId, expiresAt: input.expiresAt });
}

/**
 * Returns the unexpired session with this token hash in the scope's tenant, or null. A disabled
 * user's sessions return null, so disabling a user signs them out at once.
 */
export async function findTenantSession(scope: TenantScope, tokenHash: Buffer): Promise<TenantSession | null> {
  assertTokenHash(tokenHash);

  const [row] = await scope.tx
    .select({
      expiresAt: apiSessions.expiresAt,
      userId: users.id,
      login: users.login,
      displayName: users.displayName,
      locale: users.locale,
      roles: users.roles,
      tenantName: tenants.name,
      tenantStatus: tenants.status,
      tenantLocale: tenants.defaultLocale,
    })
    .from(apiSessions)
    .innerJoin(users, and(eq(users.tenantId, apiSessions.tenantId), eq(users.id, apiSessions.userId)))
    .innerJoin(tenants, eq(tenants.id, apiSessions.tenantId))
    .where(and(eq(apiSessions.tokenHash, tokenHash), gt(apiSessions.expiresAt, new Date()), eq(users.disabled, false)));

  if (!row) {
    return null;
  }

  const custom = await scope.tx
    .select({ permissions: customRoles.permissions })
    .from(userCustomRoles)
    .innerJoin(customRoles, and(eq(customRoles.tenantId, userCustomRoles.tenantId), eq(customRoles.id, userCustomRoles.roleId)))
    .where(eq(userCustomRoles.userId, row.userId));

  return {
    kind: "tenant",
    expiresAt: row.expiresAt,
    user: { id: row.userId, login: row.login, displayName: row.displayName, locale: row.locale },
    tenant: { id: scope.tenantId, name: row.tenantName, status: row.tenantStatus, defaultLocale: row.tenantLocale },
    permissions: [...permissionsOf(row.roles, custom.map((role) => role.permissions))],
  };
}

/** Deletes the session with this token hash in the scope's tenant; false when there was none. */
export async function deleteTenantSession(scope: TenantScope, tokenHash: Buffer): Promise<boolean> {
  assertTokenHash(tokenHash);

  const deleted = await scope.tx.delete(apiSessions).where(eq(apiSessions.tokenHash, tokenHash)).returning({ tokenHash: apiSessions.tokenHash });

  return deleted.length === 1;
}

/** Stores a session of a platform user and deletes the user's expired sessions. */
export async function createPlatformSession(platform: PlatformScope, input: { tokenHash: Buffer; platformUserId: string; expiresAt: Date }): Promise<void> {
  assertTokenHash(input.tokenHash);
  assertUuid(input.platformUserId, "platformUserId");

  await platform.tx
    .delete(apiSessions)
    .where(and(eq(apiSessions.platformUserId, input.platformUserId), lte(apiSessions.expiresAt, new Date())));
  await platform.tx.insert(apiSessions).values({ tokenHash: input.tokenHash, platformUserId: input.platformUserId, expiresAt: input.expiresAt });
}

/** Returns the unexpired session of an enabled platform user with this token hash, or null. */
export async function findPlatformSession(platform: PlatformScope, tokenHash: Buffer): Promise<PlatformSession | null> {
  assertTokenHash(tokenHash);

  const [row] = await platform.tx
    .select({
      expiresAt: apiSessions.expiresAt,
      id: platformUsers.id,
      login: platformUsers.login,
      displayName: platformUsers.displayName,
      locale: platformUsers.locale,
      roles: platformUsers.roles,
    })
    .from(apiSessions)
    .innerJoin(platformUsers, eq(platformUsers.id, apiSessions.platformUserId))
    .where(and(eq(apiSessions.tokenHash, tokenHash), gt(apiSessions.expiresAt, new Date()), eq(platformUsers.disabled, false)));

  if (!row) {
    return null;
  }

  const permissions = new Set<PlatformPermission>(row.roles.flatMap((role) => [...PLATFORM_ROLES[role]]));
  const { expiresAt, ...user } = row;

  return { kind: "platform", expiresAt, user, permissions: [...permissions] };
}

/** Deletes the platform session with this token hash; false when there was none. */
export async function deletePlatformSession(platform: PlatformScope, tokenHash: Buffer): Promise<boolean> {
  assertTokenHash(tokenHash);

  const deleted = await platform.tx
    .delete(apiSessions)
    .where(and(eq(apiSessions.tokenHash, tokenHash), isNotNull(apiSessions.platformUserId)))
    .returning({ tokenHash: apiSessions.tokenHash });

  return deleted.length === 1;
}
