import { and, desc, eq } from "drizzle-orm";

import { InvalidInputError, NotFoundError } from "./errors.js";
import type { FlowAuthor } from "./flow-reads.js";
import { flowDrafts, flows, flowVersions } from "./schema/flows.js";
import { users } from "./schema/users.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A published version without its document. */
export interface FlowVersionSummary {
  version: number;
  publishedAt: Date;
  publishedBy: FlowAuthor;
  note: string | null;
  compiledHash: string;
}

/** A published version with its document. */
export interface FlowVersion extends FlowVersionSummary {
  document: unknown;
}

const summaryColumns = {
  version: flowVersions.version,
  publishedAt: flowVersions.publishedAt,
  note: flowVersions.note,
  compiledHash: flowVersions.compiledHash,
  authorId: users.id,
  authorLogin: users.login,
  authorName: users.displayName,
};

type SummaryRow = { version: number; publishedAt: Date; note: string | null; compiledHash: string; authorId: string; authorLogin: string; authorName: string };

function toSummary(row: SummaryRow): FlowVersionSummary {
  return {
    version: row.version,
    publishedAt: row.publishedAt,
    publishedBy: { id: row.authorId, login: row.authorLogin, displayName: row.authorName },
    note: row.note,
    compiledHash: row.compiledHash,
  };
}

async function assertFlowExists(scope: TenantScope, flowId: string): Promise<void> {
  const [flow] = await scope.tx.select({ id: flows.id }).from(flows).where(eq(flows.id, flowId));

  if (!flow) {
    throw new NotFoundError("flow", flowId);
  }
}

/** Returns a flow's published versions, newest first; throws NotFoundError for an unknown flow. */
export async function listFlowVersions(scope: TenantScope, flowId: string): Promise<FlowVersionSummary[]> {
  assertUuid(flowId, "flowId");
  await assertFlowExists(scope, flowId);

  const rows = await scope.tx
    .select(summaryColumns)
    .from(flowVersions)
    .innerJoin(users, and(eq(users.tenantId, flowVersions.tenantId), eq(users.id, flowVersions.publishedBy)))
    .where(eq(flowVersions.flowId, flowId))
    .orderBy(desc(flowVersions.version));

  return rows.map(toSummary);
}

/** Returns one published version with its document; throws NotFoundError when there is none. */
export async function getFlowVersion(scope: TenantScope, flowId: string, version: number): Promise<FlowVersion> {
  assertUuid(flowId, "flowId");

  const [row] = await scope.tx
    .select({ ...summaryColumns, document: flowVersions.document })
    .from(flowVersions)
    .innerJoin(users, and(eq(users.tenantId, flowVersions.tenantId), eq(users.id, flowVersions.publishedBy)))
    .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.version, version)));

  if (!row) {
    throw new NotFoundError("flow version", `${flowId}/${version}`);
  }
  return { ...toSummary(row), document: row.document };
}

/**
 * Publishes the document of an earlier version again as the flow's next version, which is how
 * a rollback works: versions stay immutable and the history shows the rollback. The draft is
 * left as it is, so unpublished work in it survives.
 */
export async function republishVersion(
  scope: TenantScope,
  input: { flowId: string; version: number; compiledHash: string; authorId: string; note?: string },
): Promise<{ version: number; publishedAt: Date }> {
  assertUuid(input.flowId, "flowId");
  assertUuid(input.authorId, "authorId");
  if (input.compiledHash.trim() === "") {
    throw new InvalidInputError("compiledHash", "the compiled plan's hash must not be empty");
  }

  // The same row lock as publishDraft takes, so a rollback and a publish of one flow cannot
  // pick the same version number.
  const [draft] = await scope.tx.select({ flowId: flowDrafts.flowId }).from(flowDrafts).where(eq(flowDrafts.flowId, input.flowId)).for("update");

  if (!draft) {
    throw new NotFoundError("flow", input.flowId);
  }

  const source = await getFlowVersion(scope, input.flowId, input.version);
  const [latest] = await scope.tx
    .select({ version: flowVersions.version })
    .from(flowVersions)
    .where(eq(flowVersions.flowId, input.flowId))
    .orderBy(desc(flowVersions.version))
    .limit(1);
  const [published] = await scope.tx
    .insert(flowVersions)
    .values({
      tenantId: scope.tenantId,
      flowId: input.flowId,
      version: latest.version + 1,
      document: source.document,
      compiledHash: input.compiledHash,
      publishedBy: input.authorId,
      note: input.note ?? null,
    })
    .returning({ version: flowVersions.version, publishedAt: flowVersions.publishedAt });

  return published;
}
