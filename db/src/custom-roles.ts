import { asc, eq } from "drizzle-orm";

import { InvalidInputError, NotFoundError } from "./errors.js";
import { isTenantPermission, type TenantPermission } from "./permissions.js";
import { customRoles } from "./schema/users.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A tenant's custom role: a named set of tenant permissions. */
export interface CustomRole {
  id: string;
  name: string;
  permissions: TenantPermission[];
  createdAt: Date;
}

const roleColumns = { id: customRoles.id, name: customRoles.name, permissions: customRoles.permissions, createdAt: customRoles.createdAt };

function assertRoleInput(input: { name?: string; permissions?: readonly string[] }): void {
  if (input.name !== undefined && input.name.trim() === "") {
    throw new InvalidInputError("name", "a role name must not be empty");
  }

  const unknown = (input.permissions ?? []).filter((permission) => !isTenantPermission(permission));
  if (unknown.length > 0) {
    throw new InvalidInputError("permissions", `not tenant permissions of the catalogue: ${unknown.join(", ")}; list them with GET /api/roles`);
  }
}

/** Returns the tenant's custom roles by name. */
export async function listCustomRoles({ tx }: TenantScope): Promise<CustomRole[]> {
  return tx.select(roleColumns).from(customRoles).orderBy(asc(customRoles.name));
}

/** Returns a custom role of the tenant; throws NotFoundError for an id the tenant has no role of. */
export async function getCustomRole({ tx }: TenantScope, roleId: string): Promise<CustomRole> {
  assertUuid(roleId, "roleId");

  const [role] = await tx.select(roleColumns).from(customRoles).where(eq(customRoles.id, roleId));
  if (!role) {
    throw new NotFoundError("role", roleId);
  }
  return role;
}

/** Changes a custom role's name or permissions; users holding it get the new permissions on their next request. */
export async function updateCustomRole(scope: TenantScope, roleId: string, changes: { name?: string; permissions?: string[] }): Promise<CustomRole> {
  assertRoleInput(changes);
  await getCustomRole(scope, roleId);

  const columns = {
    ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
    ...(changes.permissions === undefined ? {} : { permissions: [...new Set(changes.permissions)] as TenantPermission[] }),
  };
  if (Object.keys(columns).length > 0) {
    await scope.tx.update(customRoles).set(columns).where(eq(customRoles.id, roleId));
  }
  return getCustomRole(scope, roleId);
}

/** Deletes a custom role; the users holding it lose its permissions. */
export async function deleteCustomRole(scope: TenantScope, roleId: string): Promise<CustomRole> {
  const role = await getCustomRole(scope, roleId);

  await scope.tx.delete(customRoles).where(eq(customRoles.id, roleId));
  return role;
}
