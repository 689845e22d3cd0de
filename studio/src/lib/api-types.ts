// Shapes of the runtime service's API responses that the studio reads. The OpenAPI document at
// /api/openapi.json is the full reference.
import type { FlowKind } from "@callflow/sdk";

export interface Author {
  id: string;
  login: string;
  displayName: string;
}

export interface SessionView {
  kind: "tenant" | "platform";
  user: { id: string; login: string; displayName: string; locale: string | null };
  tenant: { id: string; name: string; status: string; defaultLocale: string } | null;
  permissions: string[];
  locale: string;
  expiresAt: string;
}

export interface FlowSummary {
  id: string;
  name: string;
  kind: FlowKind;
  status: "draft" | "published" | "changed" | "archived";
  draftVersion: number;
  updatedAt: string;
  updatedBy: Author;
  publishedVersion: number | null;
  publishedAt: string | null;
}

export interface FlowWithDraft extends FlowSummary {
  document: Record<string, unknown>;
}

export interface PortView {
  name: string;
  title: string;
}

export interface NodeTypeView {
  type: string;
  version: number;
  category: string;
  kinds: FlowKind[];
  title: string;
  description: string;
  configSchema: JsonSchema;
  ports: { dependsOnConfig: boolean; note: string | null; ports: PortView[] };
  errorPort: PortView;
  terminal: boolean;
}

/** The subset of JSON Schema (draft 2020-12, as zod writes it) that the property form reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
}

export interface FlowVersionSummary {
  version: number;
  publishedAt: string;
  publishedBy: Author;
  note: string | null;
}

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface FlowDiff {
  nodes: {
    added: Array<{ id: string; type: string }>;
    removed: Array<{ id: string; type: string }>;
    changed: Array<{ id: string; type: string; changes: FieldChange[] }>;
  };
  edges: {
    added: Array<{ from: string; port: string; to: string }>;
    removed: Array<{ from: string; port: string; to: string }>;
    changed: Array<{ from: string; port: string; before: string; after: string }>;
  };
  document: FieldChange[];
}

export interface ProblemView {
  code: string;
  severity: "error" | "warning";
  nodeId?: string;
  pointer: string;
  message: string;
}
