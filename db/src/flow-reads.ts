import { sql } from "drizzle-orm";

import { NotFoundError } from "./errors.js";
import type { FlowKind } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/**
 * Publication status of a flow: `draft` was never published, `published` has a draft equal to its latest
 * version, `changed` has a draft that differs from it, `archived` is archived.
 */
export type FlowStatus = "draft" | "published" | "changed" | "archived";

/** A user named as the author of a change. */
export interface FlowAuthor {
  id: string;
  login: string;
  displayName: string;
}

/** A flow as lists show it: its draft's version and last editor, and its latest version. */
export interface FlowSummary {
  id: string;
  name: string;
  kind: FlowKind;
  status: FlowStatus;
  createdAt: Date;
  draftVersion: number;
  updatedAt: Date;
  updatedBy: FlowAuthor;
  publishedVersion: number | null;
  publishedAt: Date | null;
}

/** A flow with its draft document. */
export interface FlowWithDraft extends FlowSummary {
  document: unknown;
}

interface SummaryRow extends Record<string, unknown> {
  id: string;
  name: string;
  kind: FlowKind;
  created_at: Date;
  archived_at: Date | null;
  draft_version: number;
  updated_at: Date;
  author_id: string;
  author_login: string;
  author_name: string;
  published_version: number | null;
  published_at: Date | null;
  draft_is_published: boolean | null;
  document?: unknown;
}

// Row-level security applies to every table here, the lateral subquery included, so the rows
// are the scope's tenant's alone. `d.document = v.document` compares the jsonb values.
function selectSummaries(withDocument: boolean) {
  return sql`
    select f.id, f.name, f.kind, f.created_at, f.archived_at,
           d.version as draft_version, d.updated_at,
           u.id as author_id, u.login as author_login, u.display_name as author_name,
           v.version as published_version, v.published_at, d.document = v.document as draft_is_published
           ${withDocument ? sql`, d.document` : sql``}
      from flows f
      join flow_drafts d on d.flow_id = f.id
      join users u on u.tenant_id = d.tenant_id and u.id = d.updated_by
      left join lateral (
        select fv.version, fv.published_at, fv.document
          from flow_versions fv
         where fv.flow_id = f.id
         order by fv.version desc
         limit 1
      ) v on true`;
}

function toSummary(row: SummaryRow): FlowSummary {
  let status: FlowStatus = "changed";

  if (row.archived_at !== null) {
    status = "archived";
  } else if (row.published_version === null) {
    status = "draft";
  } else if (row.draft_is_published) {
    status = "published";
  }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status,
    createdAt: new Date(row.created_at),
    draftVersion: row.draft_version,
    updatedAt: new Date(row.updated_at),
    updatedBy: { id: row.author_id, login: row.author_login, displayName: row.author_name },
    publishedVersion: row.published_version,
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
  };
}

/** Returns the scope's flows by name, optionally of one kind. */
export async function listFlows(scope: TenantScope, filter: { kind?: FlowKind } = {}): Promise<FlowSummary[]> {
  const where = filter.kind === undefined ? sql`` : sql`where f.kind = ${filter.kind}`;
  const result = await scope.tx.execute<SummaryRow>(sql`${selectSummaries(false)} ${where} order by f.name`);

  return result.rows.map(toSummary);
}

/** Returns a flow with its draft document; throws NotFoundError when the scope has no such flow. */
export async function getFlowWithDraft(scope: TenantScope, flowId: string): Promise<FlowWithDraft> {
  assertUuid(flowId, "flowId");

  const result = await scope.tx.execute<SummaryRow>(sql`${selectSummaries(true)} where f.id = ${flowId}`);
  const [row] = result.rows;

  if (!row) {
    throw new NotFoundError("flow", flowId);
  }
  return { ...toSummary(row), document: row.document };
}
