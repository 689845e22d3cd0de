import { and, asc, eq, inArray } from "drizzle-orm";

import { isDelegateLogin } from "./delegate-login.js";
import { InvalidInputError, NotFoundError } from "./errors.js";
import { hashPassword, type ScryptParameters } from "./password.js";
import { TENANT_ROLE_NAMES, type TenantRoleName } from "./permissions.js";
import { apiSessions } from "./schema/api-sessions.js";
import { customRoles, userCustomRoles, users } from "./schema/users.js";
import { LOCALES, type Locale } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { userColumns } from "./users.js";
import { assertUuid } from "./uuid.js";

/** A tenant's user as administrators see it, with the ids of the custom roles it holds. */
export interface UserDetail {
  id: string;
  login: string;
  displayName: string;
  locale: Locale | null;
  roles: TenantRoleName[];
  customRoleIds: string[];
  disabled: boolean;
  createdAt: Date;
}

/** Changes of updateUser; fields left out stay as they are. */
export interface UserChanges {
  displayName?: string;
  /** null goes back to the tenant's default locale. */
  locale?: Locale | null;
  roles?: TenantRoleName[];
  customRoleIds?: string[];
  disabled?: boolean;
}

const detailColumns = { ...userColumns, createdAt: users.createdAt };

async function customRoleIdsByUser({ tx }: TenantScope, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));

  if (userIds.length === 0) {
    return byUser;
  }

  const rows = await tx.select({ userId: userCustomRoles.userId, roleId: userCustomRoles.roleId }).from(userCustomRoles).where(inArray(userCustomRoles.userId, userIds));
  for (const row of rows) {
    byUser.get(row.userId)?.push(row.roleId);
  }
  return byUser;
}

/** Returns the tenant's users by login. */
export async function listUsers(scope: TenantScope): Promise<UserDetail[]> {
  const rows = await scope.tx.select(detailColumns).from(users).orderBy(asc(users.login));
  const roleIds = await customRoleIdsByUser(scope, rows.map((row) => row.id));

  return rows.map((row) => ({ ...row, customRoleIds: roleIds.get(row.id) ?? [] }));
}

/** Returns one of the tenant's users; throws NotFoundError when the tenant has no such user. */
export async function getUser(scope: TenantScope, userId: string): Promise<UserDetail> {
  assertUuid(userId, "userId");

  const [row] = await scope.tx.select(detailColumns).from(users).where(eq(users.id, userId));
  if (!row) {
    throw new NotFoundError("user", userId);
  }

  const roleIds = await customRoleIdsByUser(scope, [userId]);
  return { ...row, customRoleIds: roleIds.get(userId) ?? [] };
}

// A platform user's delegate exists so that flow tables can name the platform user as author.
// Its sign-in stays impossible and its roles empty, so tenant admins may not change it.
async function assertNotDelegate(scope: TenantScope, userId: string): Promise<void> {
  const user = await getUser(scope, userId);

  if (isDelegateLogin(user.login)) {
    throw new InvalidInputError("userId", `user ${user.login} is the delegate of a platform user in this tenant and cannot be changed; the platform operator manages it`);
  }
}

function assertRoles(roles: readonly string[]): void {
  const unknown = roles.filter((role) => !(TENANT_ROLE_NAMES as readonly string[]).includes(role));

  if (unknown.length > 0) {
    throw new InvalidInputError("roles", `unknown built-in roles ${unknown.join(", ")}; expected some of ${TENANT_ROLE_NAMES.join(", ")}`);
  }
}

/**
 * Replaces the custom roles a user holds. Every id must name a custom role of the scope's
 * tenant; row-level security hides other tenants' roles, so their ids count as unknown.
 */
export async function setUserCustomRoles(scope: TenantScope, userId: string, roleIds: readonly string[]): Promise<void> {
  const requested = [...new Set(roleIds)];

  requested.forEach((id) => assertUuid(id, "customRoleIds"));
  const found = requested.length === 0 ? [] : await scope.tx.select({ id: customRoles.id }).from(customRoles).where(inArray(customRoles.id, requested));
  const missing = requested.filter((id) => !found.some((row) => row.id === id));

  if (missing.length > 0) {
    throw new InvalidInputError("customRoleIds", `no custom role of this tenant has the id ${missing.join(", ")}; list the roles with GET /api/roles`);
  }

  await scope.tx.delete(userCustomRoles).where(eq(userCustomRoles.userId, userId));
  if (requested.length > 0) {
    await scope.tx.insert(userCustomRoles).values(requested.map((roleId) => ({ tenantId: scope.tenantId, userId, roleId })));
  }
}

/** Changes a user's display name, locale, roles or disabled flag. Disabling signs the user out. */
export async function updateUser(scope: TenantScope, userId: string, changes: UserChanges): Promise<UserDetail> {
  await assertNotDelegate(scope, userId);

  if (changes.roles) {
    assertRoles(changes.roles);
  }
  if (changes.locale && !LOCALES.includes(changes.locale)) {
    throw new InvalidInputError("locale", `expected one of ${LOCALES.join(", ")}, got ${changes.locale}`);
  }
  if (changes.displayName !== undefined && changes.displayName.trim() === "") {
    throw new InvalidInputError("displayName", "a display name must not be empty");
  }

  const columns = {
    ...(changes.displayName === undefined ? {} : { displayName: changes.displayName.trim() }),
    ...(changes.locale === undefined ? {} : { locale: changes.locale }),
    ...(changes.roles === undefined ? {} : { roles: [...new Set(changes.roles)] }),
    ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
  };
  if (Object.keys(columns).length > 0) {
    await scope.tx.update(users).set(columns).where(eq(users.id, userId));
  }
  if (changes.customRoleIds) {
    await setUserCustomRoles(scope, userId, changes.customRoleIds);
  }
  if (changes.disabled) {
    await scope.tx.delete(apiSessions).where(and(eq(apiSessions.tenantId, scope.tenantId), eq(apiSessions.userId, userId)));
  }
  return getUser(scope, userId);
}

/** Sets a new password for a user and ends the user's sessions, so the old password's sessions stop working. */
export async function resetUserPassword(scope: TenantScope, userId: string, password: string, scryptParameters?: ScryptParameters): Promise<void> {
  await assertNotDelegate(scope, userId);

  const passwordHash = await hashPassword(password, scryptParameters);
  await scope.tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
  await scope.tx.delete(apiSessions).where(and(eq(apiSessions.tenantId, scope.tenantId), eq(apiSessions.userId, userId)));
}
