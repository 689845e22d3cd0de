import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { FLOW_KINDS, pickLocalized, type InterfaceLocale, type LocalizedText } from "@callflow/sdk";
import { z } from "zod";

import { notFound } from "../api-error.js";
import { signedInRoute, type ApiRoute } from "../route.js";

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
 * Builds the read-only routes on flow templates: the example flows in `examplesDir`, one folder
 * with a `flow.json` each. A template's document is what the studio sends to create a flow.
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
  ];
}
