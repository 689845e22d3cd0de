import { auditTenantChange, createCustomRole, deleteCustomRole, getCustomRole, listCustomRoles, TENANT_PERMISSIONS, TENANT_ROLES, updateCustomRole } from "@callflow/db";
import { z } from "zod";

import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { createRoleSchema, customRoleSchema, roleCatalogueSchema, updateRoleSchema } from "../schemas/tenant-admin-schemas.js";

const roleParams = z.object({ roleId: idSchema });

/** Builds the routes on roles: the built-in roles and permissions, and the tenant's custom roles. */
export function roleRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "roles.manage",
      {
        method: "GET",
        path: "/api/roles",
        operationId: "listRoles",
        summary: "Lists the permissions, the built-in roles with theirs, and the tenant's custom roles",
        tag: "roles",
        responses: { 200: { description: "The role catalogue.", schema: roleCatalogueSchema } },
      },
      async ({ auth }) => ({
        body: {
          permissions: TENANT_PERMISSIONS,
          builtIn: Object.entries(TENANT_ROLES).map(([name, permissions]) => ({ name, permissions })),
          custom: await listCustomRoles(auth.scope),
        },
      }),
    ),
    tenantRoute(
      "roles.manage",
      {
        method: "POST",
        path: "/api/roles",
        operationId: "createRole",
        summary: "Creates a custom role from named permissions",
        tag: "roles",
        body: createRoleSchema,
        responses: { 201: { description: "The new role.", schema: customRoleSchema } },
        errors: [409],
      },
      async ({ auth, body }) => {
        const { id } = await createCustomRole(auth.scope, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "role.create", { roleId: id, name: body.name, permissions: body.permissions });
        return { status: 201, body: await getCustomRole(auth.scope, id) };
      },
    ),
    tenantRoute(
      "roles.manage",
      {
        method: "GET",
        path: "/api/roles/:roleId",
        operationId: "getRole",
        summary: "Returns a custom role",
        tag: "roles",
        entity: "role",
        params: roleParams,
        responses: { 200: { description: "The role.", schema: customRoleSchema } },
      },
      async ({ auth, params }) => ({ body: await getCustomRole(auth.scope, params.roleId) }),
    ),
    tenantRoute(
      "roles.manage",
      {
        method: "PATCH",
        path: "/api/roles/:roleId",
        operationId: "updateRole",
        summary: "Renames a custom role or replaces its permissions; its users get them on their next request",
        tag: "roles",
        entity: "role",
        params: roleParams,
        body: updateRoleSchema,
        responses: { 200: { description: "The role after the change.", schema: customRoleSchema } },
        errors: [409],
      },
      async ({ auth, params, body }) => {
        const before = await getCustomRole(auth.scope, params.roleId);
        const after = await updateCustomRole(auth.scope, params.roleId, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "role.update", {
          roleId: params.roleId,
          before: { name: before.name, permissions: before.permissions },
          after: { name: after.name, permissions: after.permissions },
        });
        return { body: after };
      },
    ),
    tenantRoute(
      "roles.manage",
      {
        method: "DELETE",
        path: "/api/roles/:roleId",
        operationId: "deleteRole",
        summary: "Deletes a custom role; its users lose its permissions",
        tag: "roles",
        entity: "role",
        params: roleParams,
        responses: { 204: { description: "Deleted." } },
      },
      async ({ auth, params }) => {
        const role = await deleteCustomRole(auth.scope, params.roleId);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "role.delete", { roleId: role.id, name: role.name, permissions: role.permissions });
        return { status: 204 };
      },
    ),
  ];
}
