import { createConnector, deleteConnector, getConnector, listConnectors, listSecrets, updateConnector, type TenantScope } from "@callflow/db";
import { z } from "zod";

import { ConnectorSettingsError, parseConnectorSettings } from "../../connectors/connector-kinds.js";
import type { ConnectorKind } from "../../connectors/connector-directory.js";
import { invalidRequest } from "../api-error.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { connectorListSchema, connectorSchema, createConnectorSchema, updateConnectorSchema } from "../schemas/connector-schemas.js";

const connectorParams = z.object({ connectorId: idSchema });

/** Validates settings against the kind's schema, as a 400 that lists every problem. */
function validSettings(kind: ConnectorKind, settings: unknown): Record<string, unknown> {
  try {
    return parseConnectorSettings(kind, settings);
  } catch (error) {
    if (error instanceof ConnectorSettingsError) throw invalidRequest(error.message, { issues: error.issues });
    throw error;
  }
}

/** Rejects a connector that names a secret the tenant does not have. */
async function assertSecretExists(scope: TenantScope, secret: string | null | undefined): Promise<void> {
  if (secret === undefined || secret === null) return;

  const names = new Set((await listSecrets(scope)).map((entry) => entry.name));
  if (!names.has(secret)) throw invalidRequest(`secret: the tenant has no secret named ${secret}; add it under /api/secrets first`, { issues: [{ path: "body.secret", message: "not found" }] });
}

/**
 * Builds the routes on a tenant's connectors: named connections to its databases, HTTP APIs,
 * socket hosts and message centres, which flows name instead of carrying addresses and credentials.
 */
export function connectorRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "connectors.manage",
      {
        method: "GET",
        path: "/api/connectors",
        operationId: "listConnectors",
        summary: "Lists the tenant's connectors with their settings, in name order",
        tag: "connectors",
        responses: { 200: { description: "The connectors.", schema: connectorListSchema } },
      },
      async ({ auth }) => ({ body: { items: await listConnectors(auth.scope) } }),
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "POST",
        path: "/api/connectors",
        operationId: "createConnector",
        summary: "Defines a connector; its settings are validated by the schema of its kind, and credentials go into a named secret",
        tag: "connectors",
        body: createConnectorSchema,
        responses: { 201: { description: "The new connector.", schema: connectorSchema } },
        errors: [409],
      },
      async ({ auth, body, log }) => {
        const settings = validSettings(body.kind, body.settings);

        await assertSecretExists(auth.scope, body.secret);
        const created = await createConnector(auth.scope, { userId: auth.session.user.id }, { name: body.name, kind: body.kind, settings, secret: body.secret });

        log.info({ tenantId: auth.scope.tenantId, connectorId: created.id, kind: created.kind }, "connector created");
        return { status: 201, body: created };
      },
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "GET",
        path: "/api/connectors/:connectorId",
        operationId: "getConnector",
        summary: "Returns one connector",
        tag: "connectors",
        entity: "connector",
        params: connectorParams,
        responses: { 200: { description: "The connector.", schema: connectorSchema } },
      },
      async ({ auth, params }) => ({ body: await getConnector(auth.scope, params.connectorId) }),
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "PUT",
        path: "/api/connectors/:connectorId",
        operationId: "updateConnector",
        summary: "Replaces a connector's settings and secret; its name and kind stay, and running runtimes pick the change up",
        tag: "connectors",
        entity: "connector",
        params: connectorParams,
        body: updateConnectorSchema,
        responses: { 200: { description: "The connector after the change.", schema: connectorSchema } },
      },
      async ({ auth, params, body }) => {
        const current = await getConnector(auth.scope, params.connectorId);
        const settings = validSettings(current.kind, body.settings);

        await assertSecretExists(auth.scope, body.secret);
        return { body: await updateConnector(auth.scope, { userId: auth.session.user.id }, params.connectorId, { settings, secret: body.secret ?? null }) };
      },
    ),
    tenantRoute(
      "connectors.manage",
      {
        method: "DELETE",
        path: "/api/connectors/:connectorId",
        operationId: "deleteConnector",
        summary: "Deletes a connector; flow nodes that name it fail with connector-not-found from then on",
        tag: "connectors",
        entity: "connector",
        params: connectorParams,
        responses: { 204: { description: "Deleted." } },
      },
      async ({ auth, params }) => {
        await deleteConnector(auth.scope, { userId: auth.session.user.id }, params.connectorId);
        return { status: 204 };
      },
    ),
  ];
}
