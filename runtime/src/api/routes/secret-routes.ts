import { deleteSecret, getSecret, listSecrets, putSecret, type SecretValue } from "@callflow/db";
import { z } from "zod";

import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { putSecretSchema, secretListSchema, secretSummarySchema } from "../schemas/connector-schemas.js";

const secretParams = z.object({ secretId: idSchema });

/**
 * Builds the routes on a tenant's secrets: credentials that connectors and HTTP nodes name.
 * Values are write-only: they are stored encrypted and no route returns them.
 */
export function secretRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "connectors.manage",
      {
        method: "GET",
        path: "/api/secrets",
        operationId: "listSecrets",
        summary: "Lists the tenant's secrets by name and type, without their values",
        tag: "connectors",
        responses: { 200: { description: "The secrets, in name order.", schema: secretListSchema } },
      },
      async ({ auth }) => ({ body: { items: await listSecrets(auth.scope) } }),
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "POST",
        path: "/api/secrets",
        operationId: "putSecret",
        summary: "Stores a secret encrypted under its name, replacing the value of one already there; the value is never returned",
        tag: "connectors",
        body: putSecretSchema,
        responses: { 200: { description: "The secret without its value.", schema: secretSummarySchema } },
      },
      async ({ auth, body, log }) => {
        const value: SecretValue = body.type === "basic" ? { type: "basic", username: body.username, password: body.password } : { type: "bearer", token: body.token };
        const stored = await putSecret(auth.scope, { userId: auth.session.user.id }, body.name, value);

        log.info({ tenantId: auth.scope.tenantId, secretId: stored.id, type: stored.type }, "secret stored");
        return { body: stored };
      },
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "GET",
        path: "/api/secrets/:secretId",
        operationId: "getSecret",
        summary: "Returns a secret's name, type and times, without its value",
        tag: "connectors",
        entity: "secret",
        params: secretParams,
        responses: { 200: { description: "The secret without its value.", schema: secretSummarySchema } },
      },
      async ({ auth, params }) => ({ body: await getSecret(auth.scope, params.secretId) }),
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "DELETE",
        path: "/api/secrets/:secretId",
        operationId: "deleteSecret",
        summary: "Deletes a secret; connectors and nodes that name it fail with secret-not-found from then on",
        tag: "connectors",
        entity: "secret",
        params: secretParams,
        responses: { 204: { description: "Deleted." } },
      },
      async ({ auth, params }) => {
        await deleteSecret(auth.scope, { userId: auth.session.user.id }, params.secretId);
        return { status: 204 };
      },
    ),
  ];
}
