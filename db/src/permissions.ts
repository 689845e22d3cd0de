/**
 * The permission catalogue and the built-in roles. Custom roles of a tenant are sets of tenant
 * permissions; platform permissions belong to the built-in platform roles only.
 */

/** Permissions that a tenant's users can hold, through built-in or custom roles. */
export const TENANT_PERMISSIONS = [
  "flows.read",
  "flows.edit",
  "flows.test",
  "flows.publish",
  "prompts.manage",
  "calendars.manage",
  "numbers.manage",
  "connectors.manage",
  "users.manage",
  "roles.manage",
  "calls.read",
  "traces.read",
  "recordings.listen",
  "sensitive.view",
  "queues.monitor",
  "calls.handle",
  "audit.read",
  "settings.manage",
] as const;

/** Permissions of the platform operator's staff, never granted inside a tenant. */
export const PLATFORM_PERMISSIONS = ["tenants.read", "tenants.manage", "quotas.manage", "platform.monitor"] as const;

export type TenantPermission = (typeof TENANT_PERMISSIONS)[number];
export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];
export type Permission = TenantPermission | PlatformPermission;

/** Built-in roles of a tenant's users, stored by name in `users.roles`. */
export const TENANT_ROLES = {
  "tenant-admin": TENANT_PERMISSIONS,
  "tenant-analyst": ["flows.read", "flows.edit", "flows.test", "flows.publish", "prompts.manage", "calendars.manage", "calls.read", "traces.read"],
  supervisor: ["flows.read", "calls.read", "traces.read", "recordings.listen", "queues.monitor", "calls.handle"],
  agent: ["calls.handle"],
} as const satisfies Record<string, readonly TenantPermission[]>;

/** Built-in roles of the platform operator's staff, stored by name in `platform_users.roles`. */
export const PLATFORM_ROLES = {
  "platform-admin": PLATFORM_PERMISSIONS,
  "platform-operator": ["tenants.read", "platform.monitor"],
} as const satisfies Record<string, readonly PlatformPermission[]>;

/**
 * Tenant permissions that each platform role grants in a tenant that its user has chosen, so
 * that the operator's staff can open, fix and publish a tenant's flows. They never include user
 * management or the reading of sensitive values.
 */
export const PLATFORM_ROLE_TENANT_PERMISSIONS = {
  "platform-admin": TENANT_ROLES["tenant-analyst"],
  "platform-operator": TENANT_ROLES["tenant-analyst"],
} as const satisfies Record<keyof typeof PLATFORM_ROLES, readonly TenantPermission[]>;

export type TenantRoleName = keyof typeof TENANT_ROLES;
export type PlatformRoleName = keyof typeof PLATFORM_ROLES;

export const TENANT_ROLE_NAMES = Object.keys(TENANT_ROLES) as TenantRoleName[];
export const PLATFORM_ROLE_NAMES = Object.keys(PLATFORM_ROLES) as PlatformRoleName[];

/** Returns whether `name` is a permission that a custom tenant role may contain. */
export function isTenantPermission(name: string): name is TenantPermission {
  return (TENANT_PERMISSIONS as readonly string[]).includes(name);
}

/**
 * Returns the permissions that a set of built-in tenant roles and custom-role permission lists
 * grant together.
 */
export function permissionsOf(roles: readonly TenantRoleName[], customRolePermissions: readonly (readonly string[])[] = []): Set<TenantPermission> {
  const granted = new Set<TenantPermission>();

  for (const role of roles) {
    TENANT_ROLES[role].forEach((permission) => granted.add(permission));
  }
  for (const permissions of customRolePermissions) {
    permissions.filter(isTenantPermission).forEach((permission) => granted.add(permission));
  }
  return granted;
}
