import {
  getFlowVersion,
  getFlowWithDraft,
  listFlowVersions,
  notifyFlowPublished,
  publishDraftAndNotify,
  republishVersion,
  StaleDraftError,
  type TenantScope,
} from "@callflow/db";
import { pickLocalized, type CompileResult, type InterfaceLocale, type LocalizedText, type NodeRegistry, type NodeSpec, type Plan } from "@callflow/sdk";
import { z } from "zod";

import { ApiError } from "../api-error.js";
import { compileForTenant } from "../flows/compile-for-tenant.js";
import { diffFlowDocuments } from "../flows/flow-diff.js";
import { hashPlan } from "../flows/plan-hash.js";
import { problemViews } from "../flows/problem-views.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import {
  diffQuerySchema,
  flowDiffSchema,
  flowVersionListSchema,
  flowVersionSchema,
  publishedSchema,
  publishFlowSchema,
  rolledBackSchema,
  rollbackSchema,
} from "../schemas/flow-schemas.js";
import { flowParams } from "./flow-routes.js";

const ROLLBACK_NOTE: LocalizedText = { en: "Rollback to version {version}", "zh-Hans": "回滚到版本 {version}", "zh-Hant": "回復到版本 {version}" };

/** Returns the plan of a compile, or throws the 422 that lists its problems. */
function planOrReject(result: CompileResult, locale: InterfaceLocale): Plan {
  if (result.ok) {
    return result.plan;
  }

  const problems = problemViews(result.problems, locale);
  throw new ApiError(422, "flow-invalid", { count: problems.filter((problem) => problem.severity === "error").length }, { problems });
}

async function documentOf(scope: TenantScope, flowId: string, reference: number | "draft"): Promise<unknown> {
  if (reference === "draft") {
    return (await getFlowWithDraft(scope, flowId)).document;
  }
  return (await getFlowVersion(scope, flowId, reference)).document;
}

type Registry = NodeRegistry<{ spec: NodeSpec<any, any> }>;

async function compileVersion(scope: TenantScope, flowId: string, version: number, registry: Registry, locale: InterfaceLocale) {
  const flow = await getFlowWithDraft(scope, flowId);
  const source = await getFlowVersion(scope, flowId, version);
  const result = await compileForTenant(scope, { name: flow.name, document: source.document }, registry);

  return { plan: planOrReject(result, locale), warnings: problemViews(result.problems, locale) };
}

/** Builds the routes that publish a draft, list and read versions, compare them and roll back. */
export function flowVersionRoutes(): ApiRoute[] {
  const versionParams = flowParams.extend({ version: z.coerce.number().int().positive() });

  return [
    tenantRoute(
      "flows.publish",
      {
        method: "POST",
        path: "/api/flows/:flowId/publish",
        operationId: "publishFlow",
        summary: "Compiles the draft and publishes it as the next version",
        tag: "flow versions",
        entity: "flow",
        params: flowParams,
        body: publishFlowSchema,
        responses: { 201: { description: "Published; warnings did not stop it.", schema: publishedSchema } },
        errors: [409, 422],
      },
      async ({ auth, params, body, services, locale }) => {
        const flow = await getFlowWithDraft(auth.scope, params.flowId);

        // Checked before compiling, so that a stale publish reports the newer draft rather than
        // the problems of a document the caller has not seen.
        if (flow.draftVersion !== body.draftVersion) {
          throw new StaleDraftError(flow.id, body.draftVersion, flow.draftVersion, flow.updatedBy, flow.updatedAt);
        }

        const result = await compileForTenant(auth.scope, { name: flow.name, document: flow.document }, services.registry);
        const plan = planOrReject(result, locale);
        const compiledHash = hashPlan(plan);
        const published = await publishDraftAndNotify(auth.scope, {
          flowId: flow.id,
          draftVersion: body.draftVersion,
          compiledHash,
          authorId: auth.session.user.id,
          note: body.note,
        });

        services.logger.info({ tenantId: auth.scope.tenantId, flowId: flow.id, version: published.version, userId: auth.session.user.id }, "flow published");
        return { status: 201, body: { ...published, compiledHash, warnings: problemViews(result.problems, locale) } };
      },
    ),
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows/:flowId/versions",
        operationId: "listFlowVersions",
        summary: "Lists a flow's published versions, newest first",
        tag: "flow versions",
        entity: "flow",
        params: flowParams,
        responses: { 200: { description: "The versions, without documents.", schema: flowVersionListSchema } },
      },
      async ({ auth, params }) => ({ body: { items: await listFlowVersions(auth.scope, params.flowId) } }),
    ),
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows/:flowId/versions/:version",
        operationId: "getFlowVersion",
        summary: "Returns one published version with its document",
        tag: "flow versions",
        entity: "flow version",
        params: versionParams,
        responses: { 200: { description: "The version.", schema: flowVersionSchema } },
      },
      async ({ auth, params }) => ({ body: await getFlowVersion(auth.scope, params.flowId, params.version) }),
    ),
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/flows/:flowId/diff",
        operationId: "diffFlowVersions",
        summary: "Compares two versions, or a version and the draft: nodes and edges added, removed and changed, with the changed fields",
        tag: "flow versions",
        entity: "flow",
        params: flowParams,
        query: diffQuerySchema,
        responses: { 200: { description: "The differences from `from` to `to`.", schema: flowDiffSchema } },
      },
      async ({ auth, params, query }) => {
        const before = await documentOf(auth.scope, params.flowId, query.from);
        const after = await documentOf(auth.scope, params.flowId, query.to);

        return { body: { from: query.from, to: query.to, ...diffFlowDocuments(before, after) } };
      },
    ),
    tenantRoute(
      "flows.publish",
      {
        method: "POST",
        path: "/api/flows/:flowId/rollback",
        operationId: "rollBackFlow",
        summary: "Publishes an earlier version's document again as the next version; the draft is left as it is",
        tag: "flow versions",
        entity: "flow",
        params: flowParams,
        body: rollbackSchema,
        responses: { 201: { description: "The new version, with the earlier version's document.", schema: rolledBackSchema } },
        errors: [422],
      },
      async ({ auth, params, body, services, locale }) => {
        // The earlier document is compiled again, because node types and subflows may have
        // changed since it was published. A version that no longer compiles is not published.
        const { plan, warnings } = await compileVersion(auth.scope, params.flowId, body.version, services.registry, locale);
        const compiledHash = hashPlan(plan);
        const note = body.note ?? pickLocalized(ROLLBACK_NOTE, locale).replace("{version}", String(body.version));
        const published = await republishVersion(auth.scope, { flowId: params.flowId, version: body.version, compiledHash, authorId: auth.session.user.id, note });

        await notifyFlowPublished(auth.scope, { flowId: params.flowId, version: published.version });
        services.logger.info({ tenantId: auth.scope.tenantId, flowId: params.flowId, version: published.version, rolledBackTo: body.version }, "flow rolled back");
        return { status: 201, body: { ...published, compiledHash, warnings, rolledBackTo: body.version } };
      },
    ),
  ];
}
