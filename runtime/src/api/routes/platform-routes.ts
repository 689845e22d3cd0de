import { z } from "zod";

import { platformRoute, type ApiRoute } from "../route.js";
import {
  assignNumberSchema,
  createTenantSchema,
  phoneNumberTextSchema,
  quotasUpdateSchema,
  suspendTenantSchema,
  tenantDetailSchema,
  tenantListSchema,
  tenantSchema,
} from "../schemas/admin-schemas.js";
import { idSchema } from "../schemas/common-schemas.js";

const tenantParams = z.object({ tenantId: idSchema });

/**
 * Builds the platform operator's routes: tenants, their quotas, suspension and called numbers.
 * Each runs in a platform transaction that audits its changes under the signed-in user's id.
 */
export function platformRoutes(): ApiRoute[] {
  return [
    platformRoute(
      "tenants.read",
      {
        method: "GET",
        path: "/api/platform/tenants",
        operationId: "listTenants",
        summary: "Lists every tenant with status and quotas, by name",
        tag: "platform",
        responses: { 200: { description: "The tenants.", schema: tenantListSchema } },
      },
      async ({ auth }) => ({ body: { items: await auth.platform.listTenants() } }),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants",
        operationId: "createTenant",
        summary: "Creates a tenant",
        tag: "platform",
        body: createTenantSchema,
        responses: { 201: { description: "The new tenant.", schema: tenantSchema } },
        errors: [409],
      },
      async ({ auth, body }) => ({ status: 201, body: await auth.platform.createTenant(body) }),
    ),
    platformRoute(
      "tenants.read",
      {
        method: "GET",
        path: "/api/platform/tenants/:tenantId",
        operationId: "getTenant",
        summary: "Returns a tenant with its concurrent-call slots in use",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        responses: { 200: { description: "The tenant.", schema: tenantDetailSchema } },
      },
      async ({ auth, params, services }) => {
        const tenant = await auth.platform.getTenant(params.tenantId);

        return { body: { ...tenant, callSlots: await services.db.readCallSlotUsage(params.tenantId) } };
      },
    ),
    platformRoute(
      "quotas.manage",
      {
        method: "PATCH",
        path: "/api/platform/tenants/:tenantId/quotas",
        operationId: "updateTenantQuotas",
        summary: "Changes some of a tenant's quotas",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        body: quotasUpdateSchema,
        responses: { 200: { description: "The tenant after the change.", schema: tenantSchema } },
      },
      async ({ auth, params, body }) => ({ body: await auth.platform.updateQuotas(params.tenantId, body) }),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/suspend",
        operationId: "suspendTenant",
        summary: "Suspends a tenant: new calls are refused and its users get 403 until it is resumed",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        body: suspendTenantSchema,
        responses: { 200: { description: "The suspended tenant.", schema: tenantSchema } },
      },
      async ({ auth, params, body }) => ({ body: await auth.platform.suspendTenant(params.tenantId, body.reason) }),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/resume",
        operationId: "resumeTenant",
        summary: "Resumes a suspended tenant",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        responses: { 200: { description: "The active tenant.", schema: tenantSchema } },
      },
      async ({ auth, params }) => ({ body: await auth.platform.resumeTenant(params.tenantId) }),
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "POST",
        path: "/api/platform/tenants/:tenantId/numbers",
        operationId: "assignNumber",
        summary: "Assigns a called number to a tenant, which then chooses its flow",
        tag: "platform",
        entity: "tenant",
        params: tenantParams,
        body: assignNumberSchema,
        responses: { 201: { description: "Assigned.", schema: z.object({ tenantId: z.string(), number: z.string() }) } },
        errors: [409],
      },
      async ({ auth, params, body }) => {
        await auth.platform.assignNumber(params.tenantId, body.number);
        return { status: 201, body: { tenantId: params.tenantId, number: body.number } };
      },
    ),
    platformRoute(
      "tenants.manage",
      {
        method: "DELETE",
        path: "/api/platform/numbers/:number",
        operationId: "unassignNumber",
        summary: "Takes a called number away from its tenant",
        tag: "platform",
        entity: "phone number",
        params: z.object({ number: phoneNumberTextSchema }),
        responses: { 204: { description: "Unassigned." } },
      },
      async ({ auth, params }) => {
        await auth.platform.unassignNumber(params.number);
        return { status: 204 };
      },
    ),
  ];
}
