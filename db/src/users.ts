import { eq, sql } from "drizzle-orm";

import { DELEGATE_LOGIN_PREFIX, isDelegateLogin } from "./delegate-login.js";
import { InvalidInputError } from "./errors.js";
import { hashPassword, type ScryptParameters, verifyPassword } from "./password.js";
import { isTenantPermission, TENANT_ROLE_NAMES, type TenantPermission, type TenantRoleName } from "./permissions.js";
import { customRoles, users } from "./schema/users.js";
import type { Locale } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";

/** A tenant's user without the password hash. */
export interface User {
  id: string;
  login: string;
  displayName: string;
  locale: Locale | null;
  roles: TenantRoleName[];
  disabled: boolean;
}

/** Columns of a user without the password hash. */
export const userColumns = {
  id: users.id,
  login: users.login,
  displayName: users.displayName,
  locale: users.locale,
  roles: users.roles,
  disabled: users.disabled,
};

// Verified against when a login does not exist, so that an unknown login costs as much time as
// a wrong password and response times do not reveal which logins exist.
let unknownLoginHash: Promise<string> | undefined;

/** Creates a user of the scope's tenant with a scrypt hash of `password`. */
export async function createUser(
  { tx, tenantId }: TenantScope,
  input: { login: string; displayName: string; password: string; roles: TenantRoleName[]; locale?: Locale },
  scryptParameters?: ScryptParameters,
): Promise<User> {
  const unknownRoles = input.roles.filter((role) => !TENANT_ROLE_NAMES.includes(role));

  if (input.login.trim() === "") {
    throw new InvalidInputError("login", "a login must not be empty");
  }
  if (isDelegateLogin(input.login)) {
    throw new InvalidInputError("login", `the login ${JSON.stringify(input.login)} starts with "${DELEGATE_LOGIN_PREFIX}", which is reserved for platform users' delegates; choose another login`);
  }
  if (unknownRoles.length > 0) {
    throw new InvalidInputError("roles", `unknown built-in roles ${unknownRoles.join(", ")}; expected some of ${TENANT_ROLE_NAMES.join(", ")}`);
  }

  const passwordHash = await hashPassword(input.password, scryptParameters);
  const [user] = await tx
    .insert(users)
    .values({ tenantId, login: input.login.trim(), displayName: input.displayName, passwordHash, roles: input.roles, locale: input.locale ?? null })
    .returning(userColumns);

  return user;
}

/**
 * Returns the enabled user whose login (compared case-insensitively) and password match, or null.
 */
export async function verifyLogin({ tx }: TenantScope, login: string, password: string): Promise<User | null> {
  const [row] = await tx
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.login})`, login.trim().toLowerCase()));

  if (!row) {
    unknownLoginHash ??= hashPassword("unknown login");
    await verifyPassword(password, await unknownLoginHash);
    return null;
  }

  const matches = await verifyPassword(password, row.passwordHash);
  if (!matches || row.disabled) {
    return null;
  }

  return { id: row.id, login: row.login, displayName: row.displayName, locale: row.locale, roles: row.roles, disabled: row.disabled };
}

/** Creates a custom role of the scope's tenant from tenant permissions of the catalogue. */
export async function createCustomRole({ tx, tenantId }: TenantScope, input: { name: string; permissions: string[] }): Promise<{ id: string }> {
  const unknown = input.permissions.filter((permission) => !isTenantPermission(permission));

  if (input.name.trim() === "") {
    throw new InvalidInputError("name", "a role name must not be empty");
  }
  if (unknown.length > 0) {
    throw new InvalidInputError("permissions", `not tenant permissions of the catalogue: ${unknown.join(", ")}`);
  }

  const [role] = await tx
    .insert(customRoles)
    .values({ tenantId, name: input.name.trim(), permissions: [...new Set(input.permissions)] as TenantPermission[] })
    .returning({ id: customRoles.id });

  return role;
}

