import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { FLOW_KINDS, pickLocalized, type InterfaceLocale, type LocalizedText } from "@callflow/sdk";
import { z } from "zod";

import { findFlowIdByName } from "@callflow/db";

import { ApiError, notFound } from "../api-error.js";
import { signedInRoute, tenantRoute, type ApiRoute } from "../route.js";
import { flowNameSchema } from "../schemas/flow-schemas.js";
import { importBundle, permissionsForImport } from "./bundle-import.js";
import { importOutcomeSchema } from "./bundle-routes.js";
import { templateBundle } from "./template-bundle.js";

const templateParams = z.object({ templateId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "a template id such as bank-hotline") });

const templateSummarySchema = z.object({
  id: z.string().describe("Folder name of the example, such as bank-hotline"),
  kind: z.enum(FLOW_KINDS),
  title: z.string().describe("The flow's name in the caller's locale"),
  description: z.string(),
});

const templateListSchema = z.object({ items: z.array(templateSummarySchema) });
const templateSchema = templateSummarySchema.extend({ document: z.record(z.string(), z.unknown()) });

interface TemplateFile {
  id: string;
  document: { kind: (typeof FLOW_KINDS)[number]; name: LocalizedText; description?: LocalizedText } & Record<string, unknown>;
}

// Reads every `<examplesDir>/<id>/flow.json` on each request: the folder is small, and an
// example edited on disk shows without a restart.
async function readTemplates(examplesDir: string): Promise<TemplateFile[]> {
  const entries = await readdir(examplesDir, { withFileTypes: true });
  const templates: TemplateFile[] = [];

  for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!templateParams.shape.templateId.safeParse(entry.name).success) continue;

    const text = await readFile(path.join(examplesDir, entry.name, "flow.json"), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (text !== undefined) templates.push({ id: entry.name, document: JSON.parse(text) });
  }
  return templates;
}

function summarize(template: TemplateFile, locale: InterfaceLocale) {
  const { document } = template;

  return {
    id: template.id,
    kind: document.kind,
    title: pickLocalized(document.name, locale),
    description: document.description ? pickLocalized(document.description, locale) : "",
  };
}

/**
 * Builds the routes on flow templates: the example flows in `examplesDir`, one folder with a
 * `flow.json` each and the subflows, prompts and calendars it uses. A new flow from a template
 * gets that library too, so it compiles as the example does.
 */
export function templateRoutes(examplesDir: string): ApiRoute[] {
  return [
    signedInRoute(
      {
        method: "GET",
        path: "/api/templates",
        operationId: "listTemplates",
        summary: "Lists the flow templates (the example flows), optionally of one kind",
        tag: "templates",
        query: z.object({ kind: z.enum(FLOW_KINDS).optional() }),
        responses: { 200: { description: "The templates, by id.", schema: templateListSchema } },
      },
      async ({ query, locale }) => {
        const templates = await readTemplates(examplesDir);
        const matching = templates.filter((template) => query.kind === undefined || template.document.kind === query.kind);

        return { body: { items: matching.map((template) => summarize(template, locale)) } };
      },
    ),
    signedInRoute(
      {
        method: "GET",
        path: "/api/templates/:templateId",
        operationId: "getTemplate",
        summary: "Returns one flow template with its document",
        tag: "templates",
        entity: "template",
        params: templateParams,
        responses: { 200: { description: "The template.", schema: templateSchema } },
      },
      async ({ params, locale }) => {
        const template = (await readTemplates(examplesDir)).find((candidate) => candidate.id === params.templateId);

        if (!template) throw notFound("template");
        return { body: { ...summarize(template, locale), document: template.document } };
      },
    ),
    tenantRoute(
      "flows.edit",
      {
        method: "POST",
        path: "/api/templates/:templateId/flows",
        operationId: "createFlowFromTemplate",
        summary: "Creates a flow from a template, with the subflows, prompts and calendars it uses",
        description:
          "Subflows, prompts and calendars that the tenant already has under the template's names are kept and used, so a tenant's own prompt or calendar is never overwritten. The others are created; subflows are published so the new flow compiles.",
        tag: "templates",
        entity: "template",
        params: templateParams,
        body: z.strictObject({ name: flowNameSchema }),
        responses: { 201: { description: "What was created and what the tenant already had.", schema: importOutcomeSchema } },
        errors: [409],
      },
      async ({ auth, params, body, services }) => {
        const template = (await readTemplates(examplesDir)).find((candidate) => candidate.id === params.templateId);

        if (!template) throw notFound("template");
        if ((await findFlowIdByName(auth.scope, body.name)) !== null) throw new ApiError(409, "already-exists", { entity: "flow", field: "name" });
        const importBody = { bundle: await templateBundle(path.join(examplesDir, template.id), body.name), onConflict: "rename" as const, bindNumbers: false };
        const missing = permissionsForImport(importBody).find((permission) => !auth.session.permissions.includes(permission));

        if (missing) throw new ApiError(403, "forbidden", { permission: missing });
        const outcome = await importBundle(auth.scope, importBody, auth.session.user.id, services.registry);

        services.logger.info({ tenantId: auth.scope.tenantId, flowId: outcome.flowId, template: template.id, created: outcome.created.length }, "flow created from a template");
        return { status: 201, body: outcome };
      },
    ),
  ];
}
