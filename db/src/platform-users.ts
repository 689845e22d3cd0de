import { eq, sql } from "drizzle-orm";

import { InvalidInputError } from "./errors.js";
import { hashPassword, type ScryptParameters, verifyPassword } from "./password.js";
import { PLATFORM_ROLE_NAMES, type PlatformRoleName } from "./permissions.js";
import type { PlatformScope } from "./platform/platform-scope.js";
import { platformUsers } from "./schema/platform-users.js";
import type { Locale } from "./schema/values.js";

/** A platform user without the password hash. */
export interface PlatformUser {
  id: string;
  login: string;
  displayName: string;
  locale: Locale;
  roles: PlatformRoleName[];
  disabled: boolean;
}

const platformUserColumns = {
  id: platformUsers.id,
  login: platformUsers.login,
  displayName: platformUsers.displayName,
  locale: platformUsers.locale,
  roles: platformUsers.roles,
  disabled: platformUsers.disabled,
};

// Verified against when a login does not exist, so that response times do not reveal which
// platform logins exist.
let unknownLoginHash: Promise<string> | undefined;

/** Creates a platform user with a scrypt hash of `password`, and audits it. */
export async function createPlatformUser(
  platform: PlatformScope,
  input: { login: string; displayName: string; password: string; roles: PlatformRoleName[]; locale?: Locale },
  scryptParameters?: ScryptParameters,
): Promise<PlatformUser> {
  const unknownRoles = input.roles.filter((role) => !PLATFORM_ROLE_NAMES.includes(role));

  if (input.login.trim() === "") {
    throw new InvalidInputError("login", "a login must not be empty");
  }
  if (unknownRoles.length > 0) {
    throw new InvalidInputError("roles", `unknown platform roles ${unknownRoles.join(", ")}; expected some of ${PLATFORM_ROLE_NAMES.join(", ")}`);
  }

  const passwordHash = await hashPassword(input.password, scryptParameters);
  const [user] = await platform.tx
    .insert(platformUsers)
    .values({ login: input.login.trim(), displayName: input.displayName, passwordHash, roles: input.roles, locale: input.locale ?? "en" })
    .returning(platformUserColumns);

  await platform.audit("platform-user.create", null, { id: user.id, login: user.login, roles: user.roles });
  return user;
}

/** Returns the enabled platform user whose login (case-insensitive) and password match, or null. */
export async function verifyPlatformLogin(platform: PlatformScope, login: string, password: string): Promise<PlatformUser | null> {
  const [row] = await platform.tx
    .select({ ...platformUserColumns, passwordHash: platformUsers.passwordHash })
    .from(platformUsers)
    .where(eq(sql`lower(${platformUsers.login})`, login.trim().toLowerCase()));

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
