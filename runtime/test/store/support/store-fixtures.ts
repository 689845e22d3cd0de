import { createHash } from "node:crypto";

import {
  createFlow,
  flowDrafts,
  publishDraftAndNotify,
  saveDraft,
  users,
  phoneNumbers,
  type CallflowDatabase,
  type TenantQuotas,
} from "@callflow/db";
import { eq } from "drizzle-orm";

/** The platform actor of these tests. */
export const TEST_ACTOR = { kind: "system", name: "runtime-store-tests" } as const;

/** A tenant with one analyst, who authors the flows. */
export interface TenantFixture {
  tenantId: string;
  userId: string;
}

/** Creates a tenant and an analyst whose password hash matches no password. */
export async function createTenant(db: CallflowDatabase, name: string, quotas: Partial<TenantQuotas> = {}): Promise<TenantFixture> {
  const tenant = await db.withPlatform(TEST_ACTOR, (platform) => platform.createTenant({ name, quotas }));
  const [user] = await db.withTenant(tenant.id, ({ tx, tenantId }) =>
    tx
      .insert(users)
      .values({ tenantId, login: `analyst@${name}`, displayName: `Analyst of ${name}`, passwordHash: "placeholder", roles: ["tenant-analyst"] })
      .returning({ id: users.id }),
  );

  return { tenantId: tenant.id, userId: user.id };
}

function hashOf(document: unknown): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(document)).digest("hex")}`;
}

/** Creates a flow and publishes `document` as its version 1; returns the flow id. */
export async function createPublishedFlow(db: CallflowDatabase, tenant: TenantFixture, name: string, document: unknown): Promise<string> {
  return db.withTenant(tenant.tenantId, async (scope) => {
    const draft = await createFlow(scope, { name, kind: "ivr", document, authorId: tenant.userId });

    await publishDraftAndNotify(scope, { flowId: draft.flowId, draftVersion: draft.version, compiledHash: hashOf(document), authorId: tenant.userId });
    return draft.flowId;
  });
}

/** Saves `document` as the flow's draft and publishes it as the next version; returns that version. */
export async function publishNewVersion(db: CallflowDatabase, tenant: TenantFixture, flowId: string, document: unknown): Promise<number> {
  return db.withTenant(tenant.tenantId, async (scope) => {
    const [current] = await scope.tx.select({ version: flowDrafts.version }).from(flowDrafts).where(eq(flowDrafts.flowId, flowId));
    const draft = await saveDraft(scope, { flowId, baseVersion: current.version, document, authorId: tenant.userId });
    const published = await publishDraftAndNotify(scope, { flowId, draftVersion: draft.version, compiledHash: hashOf(document), authorId: tenant.userId });

    return published.version;
  });
}

/** Assigns a number to the tenant and points it at a flow. */
export async function assignNumber(db: CallflowDatabase, tenant: TenantFixture, number: string, flowId: string | null, callerId?: string): Promise<void> {
  await db.withPlatform(TEST_ACTOR, (platform) => platform.assignNumber(tenant.tenantId, number));
  await db.withTenant(tenant.tenantId, ({ tx }) =>
    tx
      .update(phoneNumbers)
      .set({ flowId, callerId: callerId ?? null })
      .where(eq(phoneNumbers.number, number)),
  );
}

/** Builds a flow that plays `text` in English, waits up to a minute for key 1, then thanks the caller. */
export function sayingFlow(text: string): unknown {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Saying flow" },
    languages: ["en"],
    entry: "menu",
    nodes: [
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: text } }, options: [{ key: "1", port: "one" }], firstKeyTimeoutMs: 60_000, maxAttempts: 1 } },
      { id: "one", type: "media.play", config: { prompt: { tts: { en: "Thank you" } }, bargeIn: false } },
      { id: "end", type: "flow.end" },
    ],
    edges: [
      { from: "menu", port: "one", to: "one" },
      { from: "one", port: "next", to: "end" },
    ],
  };
}
