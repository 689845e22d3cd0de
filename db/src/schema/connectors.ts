import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";

import { bytea, createdAt, uuidPrimaryKey } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { isOneOf } from "./values.js";

/** Kinds of systems that a connector reaches. */
export const CONNECTOR_KIND_VALUES = ["database", "socket", "http", "smtp", "smpp"] as const;
/** Types of secret: `basic` is a username and password, `bearer` a token. */
export const SECRET_TYPES = ["basic", "bearer"] as const;

export type StoredConnectorKind = (typeof CONNECTOR_KIND_VALUES)[number];
export type SecretType = (typeof SECRET_TYPES)[number];

// Letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 64 characters.
const NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

/**
 * Named connections to a tenant's systems (billing databases, CRM APIs, SMS centres), which
 * flows name. `settings` contain no credentials: `secret_name` names a row of `secrets`.
 */
export const connectors = pgTable(
  "connectors",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    kind: text("kind").$type<StoredConnectorKind>().notNull(),
    /** Settings of the kind, validated by the runtime's schema of that kind before they are stored. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    secretName: text("secret_name"),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    unique("connectors_tenant_name_key").on(t.tenantId, t.name),
    check("connectors_name_check", sql`${t.name} ~ ${sql.raw(`'${NAME_PATTERN}'`)}`),
    check("connectors_kind_check", isOneOf(t.kind, CONNECTOR_KIND_VALUES)),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Credentials of a tenant's connectors. The value is always stored encrypted with AES-256-GCM
 * under the tenant's data key, whatever the tenant's sensitive-data switch says, and only the
 * runtime decrypts it, when it opens a connection.
 */
export const secrets = pgTable(
  "secrets",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    type: text("type").$type<SecretType>().notNull(),
    ciphertext: bytea("ciphertext").notNull(),
    iv: bytea("iv").notNull(),
    authTag: bytea("auth_tag").notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    unique("secrets_tenant_name_key").on(t.tenantId, t.name),
    check("secrets_name_check", sql`${t.name} ~ ${sql.raw(`'${NAME_PATTERN}'`)}`),
    check("secrets_type_check", isOneOf(t.type, SECRET_TYPES)),
    ...tenantPolicies(t.tenantId),
  ],
);
