import { CONNECTORS_CHANGED_CHANNEL, listConnectors, listenOnChannel, readSecretValue, type CallflowDatabase, type ChannelListener } from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";

import type { Connector, ConnectorDirectory } from "../connectors/connector-directory.js";
import type { SecretStore } from "../connectors/secrets.js";
import type { TenantConnectorSource } from "../connectors/tenant-services.js";

/**
 * The tenants' connectors and secrets in PostgreSQL. A tenant's connectors are loaded on first
 * use and cached until a change notice for the tenant arrives. Secrets are not cached: each read
 * decrypts the stored value in this process, when a node opens a connection.
 */
export class DatabaseConnectorSource implements TenantConnectorSource {
  private readonly db: CallflowDatabase;
  private readonly logger: Logger;
  private readonly cache = new Map<string, Promise<ReadonlyMap<string, Connector>>>();

  constructor(db: CallflowDatabase, logger: Logger = silentLogger) {
    this.db = db;
    this.logger = logger;
  }

  connectorsFor(tenantId: string): ConnectorDirectory {
    return { find: async (name) => (await this.load(tenantId)).get(name) };
  }

  secretsFor(tenantId: string): SecretStore {
    return { read: (name) => this.db.withTenant(tenantId, (scope) => readSecretValue(scope, name)) };
  }

  /** Drops the tenant's cached connectors, after a change notice. */
  changed(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  /** Drops every cached connector, after notices may have been missed. */
  clear(): void {
    this.cache.clear();
  }

  private load(tenantId: string): Promise<ReadonlyMap<string, Connector>> {
    let loading = this.cache.get(tenantId);

    if (loading === undefined) {
      loading = this.db.withTenant(tenantId, async (scope) => {
        const rows = await listConnectors(scope);

        return new Map(rows.map((row) => [row.name, { name: row.name, kind: row.kind, settings: row.settings, secret: row.secret ?? undefined }]));
      });
      // A failed load is not cached, so the next call tries again.
      loading.catch((error: unknown) => {
        this.logger.error({ err: error, tenantId }, "loading the tenant's connectors failed");
        if (this.cache.get(tenantId) === loading) this.cache.delete(tenantId);
      });
      this.cache.set(tenantId, loading);
    }
    return loading;
  }
}

/**
 * Listens for changes to connectors and secrets and drops the changed tenant's cache. Resolves
 * once the listener is in place.
 */
export async function listenForConnectorChanges(url: string, source: DatabaseConnectorSource, logger: Logger): Promise<ChannelListener> {
  const listener = listenOnChannel({
    url,
    channel: CONNECTORS_CHANGED_CHANNEL,
    onPayload: (tenantId) => {
      if (tenantId) source.changed(tenantId);
    },
    onReconnected: () => {
      logger.warn({}, "connector change listener reconnected; dropping cached connectors, since notices may have been missed");
      source.clear();
    },
    onError: (error) => logger.error({ err: error }, "connector change listener failed"),
  });

  await listener.ready;
  return listener;
}
