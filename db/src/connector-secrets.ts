import { asc, eq, sql } from "drizzle-orm";

import { auditTenantAction, notifyConnectorsChanged, type TenantActor } from "./connectors.js";
import { decryptAesGcm, encryptAesGcm } from "./crypto/aes-gcm.js";
import { InvalidInputError, NotFoundError } from "./errors.js";
import { secrets, type SecretType } from "./schema/connectors.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** The value of a secret: a username and password, or a bearer token. */
export type SecretValue = { type: "basic"; username: string; password: string } | { type: "bearer"; token: string };

/** A secret as the API shows it to a tenant admin, without its value. */
export interface SecretSummary {
  id: string;
  name: string;
  type: SecretType;
  createdAt: Date;
  updatedAt: Date;
}

const summaryColumns = { id: secrets.id, name: secrets.name, type: secrets.type, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt };

// Authenticated with each ciphertext, so that a ciphertext copied to another tenant or renamed
// fails to decrypt instead of authenticating a connector there.
function associatedData(tenantId: string, name: string): Buffer {
  return Buffer.from(JSON.stringify(["callflow/connector-secret/v1", tenantId, name]), "utf8");
}

function sealValue(scope: TenantScope, dataKey: Buffer, name: string, value: SecretValue) {
  const fields = value.type === "basic" ? { username: value.username, password: value.password } : { token: value.token };

  return encryptAesGcm(dataKey, Buffer.from(JSON.stringify(fields), "utf8"), associatedData(scope.tenantId, name));
}

/** Returns the scope's secrets without their values, in name order. */
export async function listSecrets(scope: TenantScope): Promise<SecretSummary[]> {
  return scope.tx.select(summaryColumns).from(secrets).orderBy(asc(secrets.name));
}

/** Returns a secret without its value, or throws NotFoundError when the tenant has none with that id. */
export async function getSecret(scope: TenantScope, id: string): Promise<SecretSummary> {
  assertUuid(id, "id");

  const [secret] = await scope.tx.select(summaryColumns).from(secrets).where(eq(secrets.id, id));
  if (!secret) throw new NotFoundError("secret", id);
  return secret;
}

/**
 * Stores a secret under `name`, replacing the value of one already there, encrypted with
 * AES-256-GCM under the tenant's data key whether or not the tenant's sensitive-data switch is
 * on. Writes an audit entry without the value and announces the change.
 */
export async function putSecret(scope: TenantScope, actor: TenantActor, name: string, value: SecretValue): Promise<SecretSummary> {
  const { dataKey } = await scope.encryption();
  const sealed = sealValue(scope, dataKey, name, value);
  const [stored] = await scope.tx
    .insert(secrets)
    .values({ tenantId: scope.tenantId, name, type: value.type, ...sealed })
    .onConflictDoUpdate({
      target: [secrets.tenantId, secrets.name],
      set: { type: sql`excluded.type`, ciphertext: sql`excluded.ciphertext`, iv: sql`excluded.iv`, authTag: sql`excluded.auth_tag`, updatedAt: sql`now()` },
    })
    .returning(summaryColumns);

  await auditTenantAction(scope, actor, "secret.put", { id: stored.id, name, type: value.type });
  await notifyConnectorsChanged(scope);
  return stored;
}

/** Deletes a secret, or throws NotFoundError when the tenant has none with that id. */
export async function deleteSecret(scope: TenantScope, actor: TenantActor, id: string): Promise<void> {
  assertUuid(id, "id");

  const [deleted] = await scope.tx.delete(secrets).where(eq(secrets.id, id)).returning({ name: secrets.name });
  if (!deleted) throw new NotFoundError("secret", id);

  await auditTenantAction(scope, actor, "secret.delete", { id, name: deleted.name });
  await notifyConnectorsChanged(scope);
}

/**
 * Decrypts the scope's secret of that name, or returns undefined when there is none. Only the
 * runtime calls it, when a node opens a connection, and no API route returns a value.
 *
 * @throws DecryptionError when the row was altered or moved from another tenant
 */
export async function readSecretValue(scope: TenantScope, name: string): Promise<SecretValue | undefined> {
  const [row] = await scope.tx.select().from(secrets).where(eq(secrets.name, name));
  if (!row) return undefined;

  const { dataKey } = await scope.encryption();
  const plain = decryptAesGcm(dataKey, { ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag }, associatedData(scope.tenantId, name), `secret ${name}`);
  const fields = JSON.parse(plain.toString("utf8")) as Record<string, string>;

  if (row.type === "basic") return { type: "basic", username: fields.username, password: fields.password };
  if (row.type === "bearer") return { type: "bearer", token: fields.token };
  throw new InvalidInputError("type", `secret ${name} has the unknown type "${String(row.type)}"`);
}
