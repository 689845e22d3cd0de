import { silentLogger, type Logger } from "@callflow/sdk";

import { MemoryConnectorDirectory, type ConnectorDirectory } from "../connectors/connector-directory.js";
import { MemorySecretStore, type SecretStore } from "../connectors/secrets.js";
import { TenantServices, type TenantConnectorSource } from "../connectors/tenant-services.js";
import type { DirectoryEntry } from "../directory/directory.js";
import { AllowListError } from "../egress/allow-list.js";
import { ScriptSandbox, type ScriptSandboxOptions } from "../sandbox/index.js";
import type { ResolvedConnectorSection } from "../cli/connectors-file.js";
import { ServeConfigError, type LoadedServeConfig } from "./serve-config.js";

/** The script sandbox and each tenant's node services of a `callflow serve`. */
export interface ServeNodeServices {
  readonly sandbox: ScriptSandbox;
  readonly tenants: TenantServices;
  /** Closes the tenants' connections and pools, then stops the sandbox's workers. */
  close(): Promise<void>;
}

/** The tenants' connectors and secrets of a serve config; a tenant without any gets empty ones. */
class ConfigConnectorSource implements TenantConnectorSource {
  private readonly empty: ResolvedConnectorSection = { connectors: new MemoryConnectorDirectory(), secrets: new MemorySecretStore() };

  constructor(private readonly sections: ReadonlyMap<string, ResolvedConnectorSection>) {}

  connectorsFor(tenantId: string): ConnectorDirectory {
    return (this.sections.get(tenantId) ?? this.empty).connectors;
  }

  secretsFor(tenantId: string): SecretStore {
    return (this.sections.get(tenantId) ?? this.empty).secrets;
  }
}

/**
 * Builds the node services of a file-mode server through the same TenantServices as the
 * database mode: one script sandbox for all tenants, and each tenant's connectors and secrets
 * from the config behind the config's egress allow-list.
 *
 * @throws ServeConfigError when the config gives connectors or secrets to a tenant that no
 *   directory entry names, or an egress entry does not parse
 */
export async function startServeNodeServices(
  config: LoadedServeConfig,
  entries: readonly DirectoryEntry[],
  logger: Logger = silentLogger,
  sandboxOptions: Omit<ScriptSandboxOptions, "workers" | "logger"> = {},
): Promise<ServeNodeServices> {
  const known = new Set(entries.map((entry) => entry.tenantId));

  for (const tenantId of config.tenantConnectors.keys()) {
    if (!known.has(tenantId)) {
      throw new ServeConfigError(`${config.file}: connectors or secrets are given for tenant "${tenantId}", which no number of ${config.directory} names; use one of ${[...known].join(", ")}`);
    }
  }
  for (const { tenantId, name } of config.inlineSecrets) {
    logger.warn({ tenantId, secret: name }, "secret value is written in the serve config; read it from an environment variable with passwordEnv or tokenEnv");
  }
  const sandbox = new ScriptSandbox({ ...sandboxOptions, workers: config.sandbox.workers, logger });
  let tenants: TenantServices;

  try {
    tenants = new TenantServices({ sandbox, connectors: new ConfigConnectorSource(config.tenantConnectors), allow: config.egress.allow, storageRoot: config.storageRoot, logger });
  } catch (error) {
    await sandbox.close();
    if (error instanceof AllowListError) throw new ServeConfigError(`${config.file}: egress.allow: ${error.message}`);
    throw error;
  }
  return {
    sandbox,
    tenants,
    async close() {
      await tenants.close();
      await sandbox.close();
    },
  };
}
