import { asc, eq, sql } from "drizzle-orm";

import { NotFoundError } from "./errors.js";
import { auditLog } from "./schema/audit-log.js";
import { connectors, type StoredConnectorKind } from "./schema/connectors.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/**
 * The PostgreSQL NOTIFY channel on which a change to a tenant's connectors or secrets is
 * announced, with the tenant id as payload. Runtimes drop that tenant's cached connectors and
 * secrets when they hear it.
 */
export const CONNECTORS_CHANGED_CHANNEL = "callflow_connectors_changed";

/** A connector as stored: its settings contain no credentials. */
export interface StoredConnector {
  id: string;
  name: string;
  kind: StoredConnectorKind;
  settings: Record<string, unknown>;
  /** Name of the secret the connector authenticates with, or null. */
  secret: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields of a new connector. The caller has validated `settings` against the kind's schema. */
export interface NewConnector {
  name: string;
  kind: StoredConnectorKind;
  settings: Record<string, unknown>;
  secret?: string | null;
}

/** The user who changes a connector or secret, for the audit log. */
export interface TenantActor {
  userId: string;
}

const columns = {
  id: connectors.id,
  name: connectors.name,
  kind: connectors.kind,
  settings: connectors.settings,
  secret: connectors.secretName,
  createdAt: connectors.createdAt,
  updatedAt: connectors.updatedAt,
};

/**
 * Queues the change notice of the scope's tenant. PostgreSQL delivers it when the transaction
 * commits and drops it on rollback, so runtimes never hear of a change that did not happen.
 */
export async function notifyConnectorsChanged(scope: TenantScope): Promise<void> {
  await scope.tx.execute(sql`select pg_notify(${CONNECTORS_CHANGED_CHANNEL}, ${scope.tenantId})`);
}

/** Appends an audit entry of the scope's tenant. `details` must never contain a secret value. */
export async function auditTenantAction(scope: TenantScope, actor: TenantActor, action: string, details: Record<string, unknown>): Promise<void> {
  await scope.tx.insert(auditLog).values({ tenantId: scope.tenantId, actorKind: "user", actorId: actor.userId, action, details });
}

/** Returns the scope's connectors, in name order. */
export async function listConnectors(scope: TenantScope): Promise<StoredConnector[]> {
  return scope.tx.select(columns).from(connectors).orderBy(asc(connectors.name));
}

/** Returns a connector by id, or throws NotFoundError when the tenant has none with that id. */
export async function getConnector(scope: TenantScope, id: string): Promise<StoredConnector> {
  assertUuid(id, "id");

  const [connector] = await scope.tx.select(columns).from(connectors).where(eq(connectors.id, id));
  if (!connector) throw new NotFoundError("connector", id);
  return connector;
}

/** Returns the scope's connector of that name, or undefined. */
export async function findConnectorByName(scope: TenantScope, name: string): Promise<StoredConnector | undefined> {
  const [connector] = await scope.tx.select(columns).from(connectors).where(eq(connectors.name, name));

  return connector;
}

/**
 * Adds a connector, writes an audit entry and announces the change. A name already used by the
 * tenant fails with the driver's unique violation on `connectors_tenant_name_key`.
 */
export async function createConnector(scope: TenantScope, actor: TenantActor, input: NewConnector): Promise<StoredConnector> {
  const [created] = await scope.tx
    .insert(connectors)
    .values({ tenantId: scope.tenantId, name: input.name, kind: input.kind, settings: input.settings, secretName: input.secret ?? null })
    .returning(columns);

  await auditTenantAction(scope, actor, "connector.create", { id: created.id, name: created.name, kind: created.kind, secret: created.secret });
  await notifyConnectorsChanged(scope);
  return created;
}

/**
 * Replaces a connector's settings and secret name, keeping its name and kind. Throws
 * NotFoundError when the tenant has no connector with that id.
 */
export async function updateConnector(
  scope: TenantScope,
  actor: TenantActor,
  id: string,
  changes: { settings: Record<string, unknown>; secret: string | null },
): Promise<StoredConnector> {
  assertUuid(id, "id");

  const [updated] = await scope.tx
    .update(connectors)
    .set({ settings: changes.settings, secretName: changes.secret, updatedAt: sql`now()` })
    .where(eq(connectors.id, id))
    .returning(columns);
  if (!updated) throw new NotFoundError("connector", id);

  await auditTenantAction(scope, actor, "connector.update", { id, name: updated.name, kind: updated.kind, secret: updated.secret });
  await notifyConnectorsChanged(scope);
  return updated;
}

/** Deletes a connector, or throws NotFoundError when the tenant has none with that id. */
export async function deleteConnector(scope: TenantScope, actor: TenantActor, id: string): Promise<void> {
  assertUuid(id, "id");

  const [deleted] = await scope.tx.delete(connectors).where(eq(connectors.id, id)).returning({ name: connectors.name, kind: connectors.kind });
  if (!deleted) throw new NotFoundError("connector", id);

  await auditTenantAction(scope, actor, "connector.delete", { id, name: deleted.name, kind: deleted.kind });
  await notifyConnectorsChanged(scope);
}

