import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import { connectors, createConnector, findConnectorByName, putSecret, type CallflowDatabase, type TenantActor, type TenantScope } from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";
import { eq } from "drizzle-orm";
import pg from "pg";

import { RUNTIME_ACTOR } from "./runtime-actor.js";

/** Name of the demo tenant's database connector, which the bank hotline's data.query nodes use. */
export const CORE_BANKING_CONNECTOR = "core-banking";

const CORE_BANKING_SECRET = "core-banking-login";
// Databases and roles of the demo bank are named with this prefix and a random suffix, so
// several platform databases on one server each get their own.
const NAME_PREFIX = "callflow_demo_bank_";

/** The demo bank's database and the login that reaches it. */
export interface DemoCoreBanking {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/**
 * Creates the demo bank's core-banking database on the platform's PostgreSQL server: a login
 * role without superuser rights that owns a new database with the accounts of
 * `<examplesDir>/bank-hotline/core-banking.sql`. That login is granted nothing in the platform's
 * own database, and only the demo tenant's connector secret contains its password.
 *
 * @param adminUrl a URL whose user may create roles and databases, such as the embedded server's
 */
export async function createDemoCoreBanking(adminUrl: string, examplesDir: string): Promise<DemoCoreBanking> {
  const sql = readFileSync(path.join(examplesDir, "bank-hotline", "core-banking.sql"), "utf8");
  const name = `${NAME_PREFIX}${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  const url = new URL(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });

  await admin.connect();
  try {
    // The name is the prefix and hex digits and the password base64url characters, so both are safe in the SQL text.
    await admin.query(`create role ${name} login nosuperuser nocreatedb nocreaterole password '${password}'`);
    await admin.query(`create database ${name} owner ${name}`);
  } finally {
    await admin.end();
  }

  const host = url.hostname === "localhost" ? "127.0.0.1" : url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 5432);
  const owner = new pg.Client({ host, port, database: name, user: name, password });

  await owner.connect();
  try {
    await owner.query(sql);
  } finally {
    await owner.end();
  }
  return { host, port, database: name, user: name, password };
}

/** Defines the demo tenant's `core-banking` connector and its secret for a database from {@link createDemoCoreBanking}. */
export async function defineCoreBankingConnector(scope: TenantScope, actor: TenantActor, bank: DemoCoreBanking): Promise<void> {
  await putSecret(scope, actor, CORE_BANKING_SECRET, { type: "basic", username: bank.user, password: bank.password });
  await createConnector(scope, actor, {
    name: CORE_BANKING_CONNECTOR,
    kind: "database",
    settings: { driver: "postgres", host: bank.host, port: bank.port, database: bank.database, ssl: false, poolSize: 5, connectTimeoutMs: 5000 },
    secret: CORE_BANKING_SECRET,
  });
}

/**
 * Finds the demo bank's connector of a tenant and, when the server now listens on `port`
 * (the embedded server takes a free port at each start), points the connector at it. Returns
 * the egress allow-list entry (`host:port`) that the tenant needs for it, or undefined when the
 * tenant has no demo bank connector.
 *
 * NOTE: this update bypasses the connector audit log, since it is the platform's own change.
 */
export async function refreshCoreBankingConnector(db: CallflowDatabase, tenantId: string, port: number | undefined, logger: Logger = silentLogger): Promise<string | undefined> {
  return db.withTenant(tenantId, async (scope) => {
    const connector = await findConnectorByName(scope, CORE_BANKING_CONNECTOR);
    const settings = connector?.settings as { host?: string; port?: number; database?: string } | undefined;

    if (connector === undefined || !settings?.database?.startsWith(NAME_PREFIX) || settings.host === undefined) return undefined;
    if (port !== undefined && settings.port !== port) {
      await scope.tx.update(connectors).set({ settings: { ...settings, port } }).where(eq(connectors.id, connector.id));
      logger.info({ tenantId, connector: connector.name, port }, "demo core-banking connector moved to the embedded server's port");
    }
    const entryHost = settings.host.includes(":") ? `[${settings.host}]` : settings.host;

    return `${entryHost}:${port ?? settings.port ?? 5432}`;
  });
}

/**
 * Returns the egress allow-list entry of each tenant that has a demo bank connector, after
 * pointing those connectors at `port` (see {@link refreshCoreBankingConnector}). Only these
 * tenants may reach the platform's own PostgreSQL server, and only with the demo bank's login.
 */
export async function demoCoreBankingAllowList(db: CallflowDatabase, port: number | undefined, logger: Logger = silentLogger): Promise<ReadonlyMap<string, string>> {
  const tenants = await db.withPlatform(RUNTIME_ACTOR, (platform) => platform.listTenants());
  const entries = new Map<string, string>();

  for (const tenant of tenants) {
    const entry = await refreshCoreBankingConnector(db, tenant.id, port, logger);

    if (entry !== undefined) entries.set(tenant.id, entry);
  }
  return entries;
}
