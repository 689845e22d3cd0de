import { z } from "zod";

import { localizedTextSchema, spokenLanguageSchema } from "./locale.js";

/** The schema version that this SDK writes and compiles. Older documents are migrated. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Flow kinds. Each node spec lists the kinds it may appear in. */
export const FLOW_KINDS = ["ivr", "routing", "outbound", "workflow", "survey"] as const;

/** One of {@link FLOW_KINDS}. */
export type FlowKind = (typeof FLOW_KINDS)[number];

/** Node ids and variable names: letters, digits, `_` and `-`, starting with a letter. */
export const identifierSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "1-64 letters, digits, _ or -, starting with a letter");

/** Variable names are JSONata path names, so no `-`. */
export const variableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "1-64 letters, digits or _, not starting with a digit");

/** A declared flow variable. */
export const variableDeclarationSchema = z.object({
  type: z.enum(["string", "number", "boolean", "object", "array"]).default("string"),
  /** Sensitive values (account and ID numbers) are redacted in traces and logs. */
  sensitive: z.boolean().default(false),
  /** Value at the start of the call; absent means undefined. */
  initial: z.unknown().optional(),
  description: z.string().optional(),
});

/** A node placed in a flow. `config` is checked against the node type's own schema. */
export const flowNodeSchema = z.object({
  id: identifierSchema,
  type: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, "a node type such as ivr.menu"),
  /** The node type version this config was written for; defaults to the registered one. */
  typeVersion: z.number().int().positive().optional(),
  label: z.string().max(200).optional(),
  config: z.unknown().default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});

/** A connection from an output port of one node to another node. */
export const flowEdgeSchema = z.object({
  from: identifierSchema,
  port: z.string().min(1).max(64),
  to: identifierSchema,
});

/**
 * A flow document, as saved by the studio and compiled by {@link compileFlow}.
 *
 * @example
 * { "schemaVersion": 1, "kind": "ivr", "name": { "en": "Hotline" }, "languages": ["en"],
 *   "entry": "start", "nodes": [{ "id": "start", "type": "call.inbound" }], "edges": [] }
 */
export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  kind: z.enum(FLOW_KINDS),
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Spoken languages of prompts; the first is the default until the call selects one. */
  languages: z.array(spokenLanguageSchema).min(1),
  entry: identifierSchema,
  /** Node where the flow continues after the caller hangs up (post-call work). */
  onHangup: identifierSchema.optional(),
  variables: z.record(variableNameSchema, variableDeclarationSchema).default({}),
  nodes: z.array(flowNodeSchema).min(1),
  edges: z.array(flowEdgeSchema).default([]),
});

/** A flow document after schema parsing (defaults applied). */
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
/** The document as authored, before defaults. */
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type VariableDeclaration = z.infer<typeof variableDeclarationSchema>;

/**
 * Returns the flow document schema as JSON Schema (draft 2020-12), for editors and for
 * `callflow schema`.
 */
export function flowDocumentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowDocumentSchema, { io: "input", unrepresentable: "any" });

  return { ...schema, $id: "urn:callflow:flow-document:1", title: "Callflow flow document" };
}
