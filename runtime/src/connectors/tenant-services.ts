import type { NodeServices } from "@callflow/sdk";
import { silentLogger, type Logger } from "@callflow/sdk";

import { EgressGuard } from "../egress/egress-guard.js";
import type { ScriptSandbox } from "../sandbox/script-sandbox.js";
import type { ConnectorDirectory } from "./connector-directory.js";
import { createConnectorServices, type ConnectorServices, type ConnectorServicesOptions } from "./connector-services.js";
import type { SecretStore } from "./secrets.js";

/** Source of a tenant's connectors and secrets: the database, or a `callflow serve` config. */
export interface TenantConnectorSource {
  connectorsFor(tenantId: string): ConnectorDirectory;
  secretsFor(tenantId: string): SecretStore;
}

/** Options of {@link TenantServices}. */
export interface TenantServicesOptions {
  /** The process's script sandbox, shared by all tenants; each tenant gets its own isolates and quota. Default: no script service. */
  sandbox?: ScriptSandbox;
  /** Limits of scripts' HTTP requests, for every tenant, over DEFAULT_SCRIPT_HTTP_LIMITS. */
  scriptHttp?: ConnectorServicesOptions["scriptHttp"];
  /** The tenants' connectors and secrets. Default: none. */
  connectors?: TenantConnectorSource;
  /** The operator's egress allow-list, for every tenant. */
  allow?: readonly string[];
  /** Further allow-list entries of single tenants, such as the demo tenant's database. Default: none. */
  allowFor?: (tenantId: string) => readonly string[];
  /** The platform's storage folder, with a folder per tenant for the file node. Default: no file service. */
  storageRoot?: string;
  /** Resolver and connection opener, for tests; see ConnectorServicesOptions. */
  lookup?: ConnectorServicesOptions["lookup"];
  openConnection?: ConnectorServicesOptions["openConnection"];
  logger?: Logger;
}

/**
 * Builds and keeps the node services of each tenant: the script sandbox bound to the tenant,
 * and outbound HTTP and socket behind one egress guard with the tenant's connectors and secrets.
 * Scripts reach HTTP only through that guard and the tenant's own connectors.
 * A tenant's services are built on its first call and kept, so long socket connections are
 * shared by its calls.
 *
 * @example
 * const services = new TenantServices({ sandbox, connectors, allow: ["10.20.0.0/16"] });
 * new CallService({ ...options, services: (tenantId) => services.for(tenantId) });
 */
export class TenantServices {
  private readonly options: TenantServicesOptions;
  private readonly built = new Map<string, ConnectorServices>();

  /** @throws AllowListError when an allow-list entry does not parse, so a bad entry fails at start */
  constructor(options: TenantServicesOptions) {
    new EgressGuard({ allow: options.allow });
    this.options = options;
  }

  /** Returns the services of one tenant's nodes. */
  for(tenantId: string): NodeServices {
    let services = this.built.get(tenantId);

    if (services === undefined) {
      const { sandbox, scriptHttp, connectors, allow = [], allowFor, storageRoot, lookup, openConnection, logger } = this.options;

      services = createConnectorServices({
        tenantId,
        storageRoot,
        allow: [...allow, ...(allowFor?.(tenantId) ?? [])],
        lookup,
        openConnection,
        connectors: connectors?.connectorsFor(tenantId),
        secrets: connectors?.secretsFor(tenantId),
        sandbox,
        scriptHttp,
        log: (logger ?? silentLogger).child({ tenantId }),
      });
      this.built.set(tenantId, services);
    }
    return services.services;
  }

  /** Closes every tenant's long socket connections and database pools. The sandbox is its owner's to close. */
  async close(): Promise<void> {
    const built = [...this.built.values()];

    this.built.clear();
    await Promise.all(built.map((services) => services.close()));
  }
}
