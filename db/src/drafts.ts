import { and, desc, eq, sql } from "drizzle-orm";

import { InvalidInputError, NotFoundError, StaleDraftError } from "./errors.js";
import { flowDrafts, flows, flowVersions } from "./schema/flows.js";
import { users } from "./schema/users.js";
import type { FlowKind } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A draft's identity after a save: pass `version` as `baseVersion` to the next save. */
export interface DraftState {
  flowId: string;
  version: number;
  updatedAt: Date;
}

/** Creates a flow with its first draft (version 1). */
export async function createFlow(
  { tx, tenantId }: TenantScope,
  input: { name: string; kind: FlowKind; document: unknown; authorId: string },
): Promise<DraftState> {
  assertUuid(input.authorId, "authorId");

  const [flow] = await tx
    .insert(flows)
    .values({ tenantId, name: input.name, kind: input.kind, createdBy: input.authorId })
    .returning({ id: flows.id });
  const [draft] = await tx
    .insert(flowDrafts)
    .values({ tenantId, flowId: flow.id, document: input.document, updatedBy: input.authorId })
    .returning({ flowId: flowDrafts.flowId, version: flowDrafts.version, updatedAt: flowDrafts.updatedAt });

  return draft;
}

/**
 * Saves a new draft document over `baseVersion`, the version the editor loaded. Throws
 * StaleDraftError, with the stored version's author and time, when another save came first.
 */
export async function saveDraft(
  scope: TenantScope,
  input: { flowId: string; baseVersion: number; document: unknown; authorId: string },
): Promise<DraftState> {
  assertUuid(input.flowId, "flowId");
  assertUuid(input.authorId, "authorId");

  // The version check and the write are one statement, so two saves over the same base version
  // cannot both succeed: the second waits for the first's row lock, then finds the version moved.
  const [saved] = await scope.tx
    .update(flowDrafts)
    .set({ document: input.document, version: sql`${flowDrafts.version} + 1`, updatedBy: input.authorId, updatedAt: sql`now()` })
    .where(and(eq(flowDrafts.flowId, input.flowId), eq(flowDrafts.version, input.baseVersion)))
    .returning({ flowId: flowDrafts.flowId, version: flowDrafts.version, updatedAt: flowDrafts.updatedAt });

  if (saved) {
    return saved;
  }
  throw await staleDraftError(scope, input.flowId, input.baseVersion);
}

/**
 * Publishes draft version `draftVersion` as the flow's next version (1, 2, ...), with the hash of
 * the plan the compiler made from it. Throws StaleDraftError when the draft has moved on since
 * it was validated.
 */
export async function publishDraft(
  scope: TenantScope,
  input: { flowId: string; draftVersion: number; compiledHash: string; authorId: string; note?: string },
): Promise<{ version: number; publishedAt: Date }> {
  assertUuid(input.flowId, "flowId");
  assertUuid(input.authorId, "authorId");
  if (input.compiledHash.trim() === "") {
    throw new InvalidInputError("compiledHash", "the compiled plan's hash must not be empty");
  }

  // FOR UPDATE makes concurrent saves and publishes of this flow wait until this transaction
  // commits, so two publishes cannot pick the same version number.
  const [draft] = await scope.tx
    .select({ version: flowDrafts.version, document: flowDrafts.document })
    .from(flowDrafts)
    .where(eq(flowDrafts.flowId, input.flowId))
    .for("update");

  if (!draft) {
    throw new NotFoundError("flow", input.flowId);
  }
  if (draft.version !== input.draftVersion) {
    throw await staleDraftError(scope, input.flowId, input.draftVersion);
  }

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
      version: (latest?.version ?? 0) + 1,
      document: draft.document,
      compiledHash: input.compiledHash,
      publishedBy: input.authorId,
      note: input.note ?? null,
    })
    .returning({ version: flowVersions.version, publishedAt: flowVersions.publishedAt });

  return published;
}

async function staleDraftError(scope: TenantScope, flowId: string, baseVersion: number): Promise<StaleDraftError> {
  const [current] = await scope.tx
    .select({
      version: flowDrafts.version,
      updatedAt: flowDrafts.updatedAt,
      authorId: users.id,
      authorLogin: users.login,
      authorName: users.displayName,
    })
    .from(flowDrafts)
    .innerJoin(users, and(eq(users.tenantId, flowDrafts.tenantId), eq(users.id, flowDrafts.updatedBy)))
    .where(eq(flowDrafts.flowId, flowId));

  if (!current) {
    throw new NotFoundError("flow", flowId);
  }
  return new StaleDraftError(
    flowId,
    baseVersion,
    current.version,
    { id: current.authorId, login: current.authorLogin, displayName: current.authorName },
    current.updatedAt,
  );
}
