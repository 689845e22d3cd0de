import { z } from "zod";

import { ApiError } from "../api-error.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { exportBundle } from "./bundle-export.js";
import { importBundle, permissionsForImport } from "./bundle-import.js";
import { bundleQuerySchema, bundleSchema, importBodySchema } from "./bundle-schema.js";

const objectSchema = z.object({ kind: z.enum(["flow", "subflow", "prompt", "calendar"]), name: z.string() });

/** Outcome of an import: the objects it created, replaced and bound. */
export const importOutcomeSchema = z.object({
  flowId: z.string(),
  name: z.string().describe("Name of the imported flow; rename may have added a suffix such as -2"),
  created: z.array(objectSchema),
  replaced: z.array(objectSchema),
  rebound: z.array(objectSchema).describe("Objects the tenant already had with the same content or, under rename, its own of the same names"),
  unpublished: z.array(z.string()).describe("Subflows saved as drafts that do not compile; fix and publish them"),
  numbers: z.array(z.object({ number: z.string(), bound: z.boolean() })),
});

/** Builds the routes that export a flow as a portable bundle and import one. */
export function bundleRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows/:flowId/bundle",
        operationId: "exportFlowBundle",
        summary: "Exports a flow's draft or a published version as a bundle with its subflows, prompts, calendars and numbers, by name",
        description: "The bundle contains no database ids and no secrets: connectors and secrets are not exported, and initial values of sensitive variables are removed.",
        tag: "flows",
        entity: "flow",
        params: z.object({ flowId: idSchema }),
        query: bundleQuerySchema,
        responses: { 200: { description: "The bundle.", schema: bundleSchema } },
      },
      async ({ auth, params, query, services }) => ({ body: await exportBundle(auth.scope, params.flowId, query.version, services.registry) }),
    ),
    tenantRoute(
      "flows.edit",
      {
        method: "POST",
        path: "/api/flows/import",
        operationId: "importFlowBundle",
        summary: "Imports a bundle: binds its names to the tenant's objects and creates what is missing, all or nothing",
        description:
          "Prompts and calendars need prompts.manage and calendars.manage, subflows flows.publish, and bindNumbers numbers.manage. A database id anywhere in the bundle, or a number the tenant does not own, is rejected with 422 bundle-foreign-reference.",
        tag: "flows",
        body: importBodySchema,
        responses: { 201: { description: "What the import created, replaced and bound.", schema: importOutcomeSchema } },
        errors: [409, 422],
      },
      async ({ auth, body, services }) => {
        const missing = permissionsForImport(body).find((permission) => !auth.session.permissions.includes(permission));

        if (missing) throw new ApiError(403, "forbidden", { permission: missing });
        const outcome = await importBundle(auth.scope, body, auth.session.user.id, services.registry);

        services.logger.info({ tenantId: auth.scope.tenantId, flowId: outcome.flowId, userId: auth.session.user.id, created: outcome.created.length }, "flow bundle imported");
        return { status: 201, body: outcome };
      },
    ),
  ];
}
