import { createFlow, getFlowWithDraft, listFlows, saveDraft, type FlowSummary } from "@callflow/db";
import { FLOW_KINDS } from "@callflow/sdk";
import { z } from "zod";

import { invalidRequest } from "../api-error.js";
import { compileForTenant } from "../flows/compile-for-tenant.js";
import { countProblems, problemViews } from "../flows/problem-views.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import {
  createFlowSchema,
  flowListSchema,
  flowWithDraftSchema,
  saveDraftSchema,
  savedDraftSchema,
  validateFlowSchema,
  validationSchema,
} from "../schemas/flow-schemas.js";

/** Path parameters of routes on one flow. */
export const flowParams = z.object({ flowId: idSchema });

// A flow's kind is fixed when it is created, because node types are allowed per kind. A
// document that declares another kind is rejected instead of being stored under the wrong one.
function assertDocumentKind(document: Record<string, unknown>, kind: FlowSummary["kind"]): void {
  if (document.kind !== undefined && document.kind !== kind) {
    throw invalidRequest(`body.document.kind is ${JSON.stringify(document.kind)}, but the flow's kind is ${kind}`, { field: "document.kind" });
  }
}

/** Builds the routes that create, list, read, save and validate flows. */
export function flowRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "flows.edit",
      {
        method: "POST",
        path: "/api/flows",
        operationId: "createFlow",
        summary: "Creates a flow with its first draft",
        tag: "flows",
        body: createFlowSchema,
        responses: { 201: { description: "The new flow; its draft is version 1.", schema: flowWithDraftSchema } },
        errors: [409],
      },
      async ({ auth, body }) => {
        assertDocumentKind(body.document, body.kind);

        const created = await createFlow(auth.scope, { name: body.name, kind: body.kind, document: body.document, authorId: auth.session.user.id });
        return { status: 201, body: await getFlowWithDraft(auth.scope, created.flowId) };
      },
    ),
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows",
        operationId: "listFlows",
        summary: "Lists the tenant's flows with status and last editor, by name",
        tag: "flows",
        query: z.object({ kind: z.enum(FLOW_KINDS).optional() }),
        responses: { 200: { description: "The flows.", schema: flowListSchema } },
      },
      async ({ auth, query }) => ({ body: { items: await listFlows(auth.scope, { kind: query.kind }) } }),
    ),
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows/:flowId",
        operationId: "getFlow",
        summary: "Returns a flow with its draft document",
        tag: "flows",
        entity: "flow",
        params: flowParams,
        responses: { 200: { description: "The flow.", schema: flowWithDraftSchema } },
      },
      async ({ auth, params }) => ({ body: await getFlowWithDraft(auth.scope, params.flowId) }),
    ),
    tenantRoute(
      "flows.edit",
      {
        method: "PUT",
        path: "/api/flows/:flowId/draft",
        operationId: "saveDraft",
        summary: "Saves the draft over the version it was based on",
        tag: "flows",
        entity: "flow",
        params: flowParams,
        body: saveDraftSchema,
        responses: { 200: { description: "Saved; pass the new version as the next baseVersion.", schema: savedDraftSchema } },
        errors: [409],
      },
      async ({ auth, params, body }) => {
        const flow = await getFlowWithDraft(auth.scope, params.flowId);

        assertDocumentKind(body.document, flow.kind);
        return { body: await saveDraft(auth.scope, { flowId: params.flowId, baseVersion: body.baseVersion, document: body.document, authorId: auth.session.user.id }) };
      },
    ),
    tenantRoute(
      "flows.read",
      {
        method: "POST",
        path: "/api/flows/:flowId/validate",
        operationId: "validateFlow",
        summary: "Compiles the draft, or a document sent in the body, and returns every problem in the caller's locale",
        tag: "flows",
        entity: "flow",
        params: flowParams,
        body: validateFlowSchema,
        responses: { 200: { description: "The outcome; problems do not make it an error.", schema: validationSchema } },
      },
      async ({ auth, params, body, services, locale }) => {
        const flow = await getFlowWithDraft(auth.scope, params.flowId);
        const document = body.document ?? flow.document;
        const result = await compileForTenant(auth.scope, { name: flow.name, document }, services.registry);

        return {
          body: {
            ok: result.ok,
            draftVersion: body.document === undefined ? flow.draftVersion : null,
            ...countProblems(result.problems),
            problems: problemViews(result.problems, locale),
          },
        };
      },
    ),
  ];
}
