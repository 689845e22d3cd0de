import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { TENANT_ROLE_NAMES, type TenantPermission, type TenantRoleName } from "../permissions.js";
import { createdAt, uuidPrimaryKey } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { isOneOf, isSubsetOf, LOCALES, type Locale } from "./values.js";

/** People of a tenant: analysts, agents, supervisors, admins. A login is unique per tenant. */
export const users = pgTable(
  "users",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    login: text("login").notNull(),
    displayName: text("display_name").notNull(),
    /** See password.ts for the format. */
    passwordHash: text("password_hash").notNull(),
    /** NULL means the tenant's default locale. */
    locale: text("locale").$type<Locale>(),
    /** Built-in roles; custom roles are in `user_custom_roles`. */
    roles: text("roles").array().$type<TenantRoleName[]>().notNull().default(sql`'{}'::text[]`),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_tenant_login_key").on(t.tenantId, sql`lower(${t.login})`),
    unique("users_tenant_id_id_key").on(t.tenantId, t.id),
    check("users_locale_check", isOneOf(t.locale, LOCALES)),
    check("users_roles_check", isSubsetOf(t.roles, TENANT_ROLE_NAMES)),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Roles that a tenant defines as named sets of tenant permissions.
 *
 * NOTE: the database does not check `permissions` against the catalogue, so that adding a
 * permission needs no migration; `createCustomRole` checks it.
 */
export const customRoles = pgTable(
  "custom_roles",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    permissions: text("permissions").array().$type<TenantPermission[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("custom_roles_tenant_name_key").on(t.tenantId, t.name), unique("custom_roles_tenant_id_id_key").on(t.tenantId, t.id), ...tenantPolicies(t.tenantId)],
);

/** Custom roles held by users. The composite keys keep both sides in the same tenant. */
export const userCustomRoles = pgTable(
  "user_custom_roles",
  {
    tenantId: uuid("tenant_id").notNull(),
    userId: uuid("user_id").notNull(),
    roleId: uuid("role_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.roleId] }),
    foreignKey({ name: "user_custom_roles_user_fk", columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
    foreignKey({ name: "user_custom_roles_role_fk", columns: [t.tenantId, t.roleId], foreignColumns: [customRoles.tenantId, customRoles.id] }).onDelete("cascade"),
    ...tenantPolicies(t.tenantId),
  ],
);
