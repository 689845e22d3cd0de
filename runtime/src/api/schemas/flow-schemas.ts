import { FLOW_KINDS, PROBLEM_CODES } from "@callflow/sdk";
import { z } from "zod";

import { authorSchema, timestampSchema } from "./common-schemas.js";

/**
 * The reference name of a flow, by which other flows call it as a subflow. It follows the
 * subflow reference rule of the flow library, so every flow can be called.
 */
export const flowNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "1-128 letters, digits, _, . or -, starting with a letter or digit");

/** A flow document as stored: any JSON object, since a draft may be incomplete. */
export const documentSchema = z.record(z.string(), z.unknown()).describe("Flow document; see the SDK's flow document JSON Schema");

const flowStatusSchema = z
  .enum(["draft", "published", "changed", "archived"])
  .describe("draft: never published; published: the draft equals the latest version; changed: the draft differs from it");

/** A flow in lists. */
export const flowSummarySchema = z.object({
  id: z.string(),
  name: flowNameSchema,
  kind: z.enum(FLOW_KINDS),
  status: flowStatusSchema,
  createdAt: timestampSchema,
  draftVersion: z.number().int().describe("Pass it as baseVersion of the next save"),
  updatedAt: timestampSchema,
  updatedBy: authorSchema.describe("Last editor of the draft"),
  publishedVersion: z.number().int().nullable(),
  publishedAt: timestampSchema.nullable(),
});

export const flowListSchema = z.object({ items: z.array(flowSummarySchema) });

/** A flow with its draft document. */
export const flowWithDraftSchema = flowSummarySchema.extend({ document: documentSchema });

export const createFlowSchema = z.object({ name: flowNameSchema, kind: z.enum(FLOW_KINDS), document: documentSchema });

export const saveDraftSchema = z.object({
  baseVersion: z.number().int().positive().describe("draftVersion of the draft the change was made on"),
  document: documentSchema,
});

export const savedDraftSchema = z.object({ flowId: z.string(), version: z.number().int(), updatedAt: timestampSchema });

/** A compiler problem with its message in the caller's locale. */
export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  severity: z.enum(["error", "warning"]),
  nodeId: z.string().optional(),
  pointer: z.string().describe("JSON pointer into the document"),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** Body of a validation; an empty body checks the stored draft. */
export const validateFlowSchema = z.object({ document: documentSchema.optional().describe("Document to check; the stored draft when left out") }).default({});

export const validationSchema = z.object({
  ok: z.boolean().describe("True when the document compiles; warnings do not stop it"),
  draftVersion: z.number().int().nullable().describe("Version of the stored draft that was checked; null for a document sent in the request"),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  problems: z.array(problemSchema),
});

export const publishFlowSchema = z.object({
  draftVersion: z.number().int().positive().describe("Version of the draft to publish, as validated"),
  note: z.string().max(2000).optional(),
});

export const publishedSchema = z.object({
  version: z.number().int(),
  publishedAt: timestampSchema,
  compiledHash: z.string(),
  warnings: z.array(problemSchema),
});

export const flowVersionSummarySchema = z.object({
  version: z.number().int(),
  publishedAt: timestampSchema,
  publishedBy: authorSchema,
  note: z.string().nullable(),
  compiledHash: z.string(),
});

export const flowVersionListSchema = z.object({ items: z.array(flowVersionSummarySchema) });

export const flowVersionSchema = flowVersionSummarySchema.extend({ document: documentSchema });

/** A version number, or `draft` for the current draft. */
export const versionReferenceSchema = z.union([z.literal("draft"), z.coerce.number().int().positive()]);

export const diffQuerySchema = z.object({
  from: versionReferenceSchema.describe("Version number, or draft"),
  to: versionReferenceSchema.default("draft").describe("Version number, or draft (the default)"),
});

const fieldChangeSchema = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const nodeReferenceSchema = z.object({ id: z.string(), type: z.string() });
const edgeSchema = z.object({ from: z.string(), port: z.string(), to: z.string() });

export const flowDiffSchema = z.object({
  from: z.union([z.literal("draft"), z.number().int()]),
  to: z.union([z.literal("draft"), z.number().int()]),
  document: z.array(fieldChangeSchema),
  nodes: z.object({
    added: z.array(nodeReferenceSchema),
    removed: z.array(nodeReferenceSchema),
    changed: z.array(nodeReferenceSchema.extend({ changes: z.array(fieldChangeSchema) })),
  }),
  edges: z.object({
    added: z.array(edgeSchema),
    removed: z.array(edgeSchema),
    changed: z.array(z.object({ from: z.string(), port: z.string(), before: z.string(), after: z.string() })),
  }),
});

export const rollbackSchema = z.object({
  version: z.number().int().positive().describe("The earlier version to publish again"),
  note: z.string().max(2000).optional().describe("Default: names the version rolled back to"),
});

export const rolledBackSchema = publishedSchema.extend({ rolledBackTo: z.number().int() });
