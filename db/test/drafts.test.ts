import { eq } from "drizzle-orm";

import { createFlow, publishDraft, saveDraft } from "../src/drafts.js";
import { StaleDraftError } from "../src/errors.js";
import { flowVersions } from "../src/schema/flows.js";
import { users } from "../src/schema/users.js";
import type { TenantScope } from "../src/tenant-scope.js";
import { createTenantWithUser, type TenantFixture } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

let test: TestDatabase;
let tenant: TenantFixture;
let secondAuthorId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  tenant = await createTenantWithUser(test.db, "drafts");
  [{ id: secondAuthorId }] = await test.db.withTenant(tenant.tenantId, ({ tx, tenantId }) =>
    tx.insert(users).values({ tenantId, login: "mei", displayName: "Mei Lin", passwordHash: "placeholder", roles: ["tenant-analyst"] }).returning({ id: users.id }),
  );
});

afterAll(async () => {
  await test.drop();
});

function newFlow(name: string) {
  return test.db.withTenant(tenant.tenantId, (scope) => createFlow(scope, { name, kind: "ivr", document: { step: 0 }, authorId: tenant.userId }));
}

describe("saveDraft", () => {
  it("moves the draft to the next version", async () => {
    const created = await newFlow("save-next");

    const saved = await test.db.withTenant(tenant.tenantId, (scope) =>
      saveDraft(scope, { flowId: created.flowId, baseVersion: 1, document: { step: 1 }, authorId: tenant.userId }),
    );

    expect(created.version).toBe(1);
    expect(saved.version).toBe(2);
  });

  it("rejects a stale save with author and time", async () => {
    const { flowId } = await newFlow("stale-save");
    const meiSaved = await test.db.withTenant(tenant.tenantId, (scope) =>
      saveDraft(scope, { flowId, baseVersion: 1, document: { by: "mei" }, authorId: secondAuthorId }),
    );

    const staleSave = test.db.withTenant(tenant.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: { by: "analyst" }, authorId: tenant.userId }));

    await expect(staleSave).rejects.toBeInstanceOf(StaleDraftError);
    await expect(staleSave).rejects.toMatchObject({
      code: "draft-stale",
      baseVersion: 1,
      currentVersion: 2,
      updatedBy: { id: secondAuthorId, login: "mei", displayName: "Mei Lin" },
      updatedAt: meiSaved.updatedAt,
    });
  });

  it("keeps the newer document after a stale save", async () => {
    const { flowId } = await newFlow("stale-keeps");
    await test.db.withTenant(tenant.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: { by: "mei" }, authorId: secondAuthorId }));

    await test.db
      .withTenant(tenant.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: { by: "analyst" }, authorId: tenant.userId }))
      .catch(() => undefined);
    const stored = await test.owner.query("select document, version from flow_drafts where flow_id = $1", [flowId]);

    expect(stored.rows[0]).toEqual({ document: { by: "mei" }, version: 2 });
  });

  it("admits one of two concurrent saves over the same version", async () => {
    const { flowId } = await newFlow("concurrent-save");

    const outcomes = await Promise.allSettled(
      [tenant.userId, secondAuthorId].map((authorId) =>
        test.db.withTenant(tenant.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: { authorId }, authorId })),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "rejected" && outcome.reason instanceof StaleDraftError)).toHaveLength(1);
  });

  it("reports a flow of another tenant as not found", async () => {
    const { flowId } = await newFlow("hidden");
    const other = await createTenantWithUser(test.db, "drafts-other");

    const save = test.db.withTenant(other.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: {}, authorId: other.userId }));

    await expect(save).rejects.toMatchObject({ code: "not-found", entity: "flow", id: flowId });
  });
});

describe("publishDraft", () => {
  it("numbers published versions 1, 2, ...", async () => {
    const { flowId } = await newFlow("publish-numbers");

    const first = await test.db.withTenant(tenant.tenantId, (scope) =>
      publishDraft(scope, { flowId, draftVersion: 1, compiledHash: "sha256:one", authorId: tenant.userId, note: "first" }),
    );
    const second = await test.db.withTenant(tenant.tenantId, async (scope) => {
      const saved = await saveDraft(scope, { flowId, baseVersion: 1, document: { step: 2 }, authorId: tenant.userId });
      return publishDraft(scope, { flowId, draftVersion: saved.version, compiledHash: "sha256:two", authorId: secondAuthorId });
    });
    const stored = await test.owner.query("select version, document, compiled_hash, published_by, note from flow_versions where flow_id = $1 order by version", [flowId]);

    expect([first.version, second.version]).toEqual([1, 2]);
    expect(stored.rows).toEqual([
      { version: 1, document: { step: 0 }, compiled_hash: "sha256:one", published_by: tenant.userId, note: "first" },
      { version: 2, document: { step: 2 }, compiled_hash: "sha256:two", published_by: secondAuthorId, note: null },
    ]);
  });

  it("numbers concurrent publishes apart", async () => {
    const { flowId } = await newFlow("publish-concurrent");
    const publish = (authorId: string) => (scope: TenantScope) => publishDraft(scope, { flowId, draftVersion: 1, compiledHash: "sha256:same", authorId });
    let firstPublished!: () => void;
    const firstPublishedSignal = new Promise<void>((resolve) => (firstPublished = resolve));

    // The first transaction stays open until the second has sent its publish, so the second
    // has to wait for the first's lock instead of running after its commit.
    const first = test.db.withTenant(tenant.tenantId, async (scope) => {
      const published = await publish(tenant.userId)(scope);
      firstPublished();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return published;
    });
    await firstPublishedSignal;
    const second = test.db.withTenant(tenant.tenantId, publish(secondAuthorId));
    const versions = await Promise.all([first, second]);

    expect(versions.map((published) => published.version)).toEqual([1, 2]);
  });

  it("rejects publishing a draft version that was overtaken", async () => {
    const { flowId } = await newFlow("publish-stale");
    await test.db.withTenant(tenant.tenantId, (scope) => saveDraft(scope, { flowId, baseVersion: 1, document: { step: 1 }, authorId: secondAuthorId }));

    const publish = test.db.withTenant(tenant.tenantId, (scope) => publishDraft(scope, { flowId, draftVersion: 1, compiledHash: "sha256:old", authorId: tenant.userId }));

    await expect(publish).rejects.toMatchObject({ code: "draft-stale", currentVersion: 2, updatedBy: { login: "mei" } });
  });
});

describe("published versions", () => {
  let flowId: string;

  beforeAll(async () => {
    ({ flowId } = await newFlow("immutable"));
    await test.db.withTenant(tenant.tenantId, (scope) => publishDraft(scope, { flowId, draftVersion: 1, compiledHash: "sha256:v1", authorId: tenant.userId }));
  });

  it("cannot be updated by the application role", async () => {
    const update = test.db.withTenant(tenant.tenantId, ({ tx }) => tx.update(flowVersions).set({ note: "edited" }).where(eq(flowVersions.flowId, flowId)));

    await expect(update).rejects.toMatchObject({ cause: { code: "42501", message: "permission denied for table flow_versions" } });
  });

  it("cannot be deleted by the application role", async () => {
    const remove = test.db.withTenant(tenant.tenantId, ({ tx }) => tx.delete(flowVersions).where(eq(flowVersions.flowId, flowId)));

    await expect(remove).rejects.toMatchObject({ cause: { code: "42501", message: "permission denied for table flow_versions" } });
  });

  it("cannot be updated even by the owner", async () => {
    const update = test.owner.query("update flow_versions set document = '{}' where flow_id = $1", [flowId]);

    await expect(update).rejects.toMatchObject({ code: "23001", message: "UPDATE on flow_versions is not allowed: its rows are immutable" });
  });

  it("keep their flow from being deleted", async () => {
    const remove = test.owner.query("delete from flows where id = $1", [flowId]);

    await expect(remove).rejects.toMatchObject({ code: "23503", constraint: "flow_versions_flow_fk" });
  });
});
