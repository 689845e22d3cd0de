import {
  auditTenantChange,
  createUser,
  getUser,
  listUsers,
  resetUserPassword,
  setUserCustomRoles,
  updateUser,
  type TenantChangeActor,
  type TenantRoleName,
  type TenantScope,
} from "@callflow/db";
import { z } from "zod";

import { platformRoute, tenantRoute, type ApiRoute, type Auth, type RouteContext } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { createUserSchema, resetPasswordSchema, updateUserSchema, userListSchema, userSchema } from "../schemas/tenant-admin-schemas.js";

type CreateUserBody = z.output<typeof createUserSchema>;
type UpdateUserBody = z.output<typeof updateUserSchema>;

const userParams = z.object({ userId: idSchema });
const tenantUserParams = z.object({ tenantId: idSchema, userId: idSchema });
const tenantParams = z.object({ tenantId: idSchema });

/** The work of each user route, the same whether a tenant admin or a platform user sends the request. */
const userActions = {
  list: async (scope: TenantScope) => ({ body: { items: await listUsers(scope) } }),

  get: async (scope: TenantScope, userId: string) => ({ body: await getUser(scope, userId) }),

  async create(scope: TenantScope, actor: TenantChangeActor, body: CreateUserBody, services: RouteContext["services"]) {
    const user = await createUser(scope, { login: body.login, displayName: body.displayName, password: body.password, roles: body.roles as TenantRoleName[], locale: body.locale }, services.scryptParameters);

    await setUserCustomRoles(scope, user.id, body.customRoleIds);
    await auditTenantChange(scope, actor, "user.create", { userId: user.id, login: user.login, roles: body.roles, customRoleIds: body.customRoleIds });
    return { status: 201, body: await getUser(scope, user.id) };
  },

  async update(scope: TenantScope, actor: TenantChangeActor, userId: string, body: UpdateUserBody) {
    const before = await getUser(scope, userId);
    const after = await updateUser(scope, userId, { ...body, roles: body.roles as TenantRoleName[] | undefined });
    const changed = Object.keys(body) as (keyof UpdateUserBody)[];

    await auditTenantChange(scope, actor, "user.update", {
      userId,
      before: Object.fromEntries(changed.map((name) => [name, before[name]])),
      after: Object.fromEntries(changed.map((name) => [name, after[name]])),
    });
    return { body: after };
  },

  async resetPassword(scope: TenantScope, actor: TenantChangeActor, userId: string, password: string, services: RouteContext["services"]) {
    await resetUserPassword(scope, userId, password, services.scryptParameters);
    await auditTenantChange(scope, actor, "user.password.reset", { userId });
    return { status: 204 };
  },

  async setDisabled(scope: TenantScope, actor: TenantChangeActor, userId: string, disabled: boolean) {
    const user = await updateUser(scope, userId, { disabled });

    await auditTenantChange(scope, actor, disabled ? "user.disable" : "user.enable", { userId });
    return { body: user };
  },
};

function tenantActor(auth: Extract<Auth, { kind: "tenant" }>): TenantChangeActor {
  return { kind: "user", id: auth.session.user.id };
}

/**
 * Runs `work` in a transaction of the tenant for a platform user, after checking that the tenant
 * exists, so that an unknown tenant gets 404 rather than an empty list.
 */
async function asPlatform<T>(auth: Extract<Auth, { kind: "platform" }>, services: RouteContext["services"], tenantId: string, work: (scope: TenantScope, actor: TenantChangeActor) => Promise<T>): Promise<T> {
  await auth.platform.getTenant(tenantId);
  return services.db.withTenant(tenantId, (scope) => work(scope, { kind: "platform-user", id: auth.session.user.id }));
}

/** Builds the routes on users: tenant admins manage their tenant's users, platform users any tenant's. */
export function userRoutes(): ApiRoute[] {
  return [...tenantUserRoutes(), ...platformUserRoutes()];
}

function tenantUserRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "users.manage",
      {
        method: "GET",
        path: "/api/users",
        operationId: "listUsers",
        summary: "Lists the tenant's users by login, with their roles",
        tag: "users",
        responses: { 200: { description: "The users.", schema: userListSchema } },
      },
      async ({ auth }) => userActions.list(auth.scope),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "POST",
        path: "/api/users",
        operationId: "createUser",
        summary: "Creates a user of the tenant with built-in and custom roles",
        tag: "users",
        body: createUserSchema,
        responses: { 201: { description: "The new user.", schema: userSchema } },
        errors: [409],
      },
      async ({ auth, body, services }) => userActions.create(auth.scope, tenantActor(auth), body, services),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "GET",
        path: "/api/users/:userId",
        operationId: "getUser",
        summary: "Returns a user of the tenant",
        tag: "users",
        entity: "user",
        params: userParams,
        responses: { 200: { description: "The user.", schema: userSchema } },
      },
      async ({ auth, params }) => userActions.get(auth.scope, params.userId),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "PATCH",
        path: "/api/users/:userId",
        operationId: "updateUser",
        summary: "Changes a user's display name, roles or locale",
        tag: "users",
        entity: "user",
        params: userParams,
        body: updateUserSchema,
        responses: { 200: { description: "The user after the change.", schema: userSchema } },
      },
      async ({ auth, params, body }) => userActions.update(auth.scope, tenantActor(auth), params.userId, body),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "POST",
        path: "/api/users/:userId/password",
        operationId: "resetUserPassword",
        summary: "Sets a new password for a user and ends the user's sessions",
        tag: "users",
        entity: "user",
        params: userParams,
        body: resetPasswordSchema,
        responses: { 204: { description: "The password was changed." } },
      },
      async ({ auth, params, body, services }) => userActions.resetPassword(auth.scope, tenantActor(auth), params.userId, body.password, services),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "POST",
        path: "/api/users/:userId/disable",
        operationId: "disableUser",
        summary: "Disables a user, which ends the user's sessions and rejects sign-in",
        tag: "users",
        entity: "user",
        params: userParams,
        responses: { 200: { description: "The disabled user.", schema: userSchema } },
      },
      async ({ auth, params }) => userActions.setDisabled(auth.scope, tenantActor(auth), params.userId, true),
    ),
    tenantRoute(
      "users.manage",
      {
        method: "POST",
        path: "/api/users/:userId/enable",
        operationId: "enableUser",
        summary: "Enables a disabled user again",
        tag: "users",
        entity: "user",
        params: userParams,
        responses: { 200: { description: "The enabled user.", schema: userSchema } },
      },
      async ({ auth, params }) => userActions.setDisabled(auth.scope, tenantActor(auth), params.userId, false),
    ),
  ];
}

function platformUserRoutes(): ApiRoute[] {
  return [
    platformRoute(
      "tenants.read",
      {
        method: "GET",
        path: "/api/platform/tenants/:tenantId/users",
        operationId: "listTenantUsers",
        summary: "Lists a tenant's users by login, with their roles",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        responses: { 200: { description: "The users.", schema: userListSchema } },
      },
      async ({ auth, params, services }) => asPlatform(auth, services, params.tenantId, (scope) => userActions.list(scope)),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/users",
        operationId: "createTenantUser",
        summary: "Creates a user of a tenant, such as its first tenant admin",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        body: createUserSchema,
        responses: { 201: { description: "The new user.", schema: userSchema } },
        errors: [409],
      },
      async ({ auth, params, body, services }) => asPlatform(auth, services, params.tenantId, (scope, actor) => userActions.create(scope, actor, body, services)),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "PATCH",
        path: "/api/platform/tenants/:tenantId/users/:userId",
        operationId: "updateTenantUser",
        summary: "Changes a tenant user's display name, roles or locale",
        tag: "platform",
        entity: "user",
        params: tenantUserParams,
        body: updateUserSchema,
        responses: { 200: { description: "The user after the change.", schema: userSchema } },
      },
      async ({ auth, params, body, services }) => asPlatform(auth, services, params.tenantId, (scope, actor) => userActions.update(scope, actor, params.userId, body)),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/users/:userId/password",
        operationId: "resetTenantUserPassword",
        summary: "Sets a new password for a tenant's user and ends the user's sessions",
        tag: "platform",
        entity: "user",
        params: tenantUserParams,
        body: resetPasswordSchema,
        responses: { 204: { description: "The password was changed." } },
      },
      async ({ auth, params, body, services }) =>
        asPlatform(auth, services, params.tenantId, (scope, actor) => userActions.resetPassword(scope, actor, params.userId, body.password, services)),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/users/:userId/disable",
        operationId: "disableTenantUser",
        summary: "Disables a tenant's user, which ends the user's sessions and rejects sign-in",
        tag: "platform",
        entity: "user",
        params: tenantUserParams,
        responses: { 200: { description: "The disabled user.", schema: userSchema } },
      },
      async ({ auth, params, services }) => asPlatform(auth, services, params.tenantId, (scope, actor) => userActions.setDisabled(scope, actor, params.userId, true)),
    ),
  ];
}
