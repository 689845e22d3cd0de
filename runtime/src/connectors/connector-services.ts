import { FILE_SERVICE, HTTP_SERVICE, MAIL_SERVICE, SCRIPT_SERVICE, SMS_SERVICE, SOCKET_SERVICE, SQL_SERVICE } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { EgressGuard, type LookupAddresses } from "../egress/egress-guard.js";
import type { OpenConnection } from "../egress/open-connection.js";
import type { ScriptSandbox } from "../sandbox/index.js";
import { GuardedHttpService } from "./http/guarded-http-service.js";
import { HttpClient } from "./http/http-client.js";
import { MemoryConnectorDirectory, type ConnectorDirectory } from "./connector-directory.js";
import { GuardedSqlService } from "./database/guarded-sql-service.js";
import { TenantStorage } from "./file/tenant-storage.js";
import { ServiceTable } from "./node-services.js";
import { MemorySecretStore, type SecretStore } from "./secrets.js";
import { GuardedSmsService } from "./smpp/guarded-sms-service.js";
import { GuardedMailService } from "./smtp/guarded-mail-service.js";
import { GuardedSocketService } from "./socket/guarded-socket-service.js";
import type { ScriptHttpLimits } from "./http/script-http-capability.js";
import { createTenantScriptService, type TenantScriptService } from "./tenant-script-service.js";

/** Options of {@link createConnectorServices}. */
export interface ConnectorServicesOptions {
  /** The operator's egress allow-list: CIDR blocks, IP addresses and `host:port` pairs. Default: none. */
  readonly allow?: readonly string[];
  /** The tenant's connectors. Default: none, so a node that names a connector fails. */
  readonly connectors?: ConnectorDirectory;
  /** The tenant's secrets. Default: none, so a node that names a secret fails. */
  readonly secrets?: SecretStore;
  /** Resolver for host names. Default: the operating system's. */
  readonly lookup?: LookupAddresses;
  /** Opens connections to checked addresses. Default: TCP or TLS to the address. */
  readonly openConnection?: OpenConnection;
  /**
   * The script sandbox, offered as SCRIPT_SERVICE bound to `tenantId`. Scripts whose node names
   * HTTP connectors send requests through this tenant's connectors and egress guard. Default: none.
   */
  readonly sandbox?: ScriptSandbox;
  /** Limits of scripts' HTTP requests, over DEFAULT_SCRIPT_HTTP_LIMITS. */
  readonly scriptHttp?: Partial<ScriptHttpLimits>;
  /** Logger for long socket connections, which outlive any one call. Default silent. */
  readonly log?: Logger;
  /** The platform's storage folder; the tenant's files are in `<storageRoot>/<tenantId>/`. Default: no file service. */
  readonly storageRoot?: string;
  /** The tenant's id, which names its storage folder and keys its script isolates. Required with `storageRoot` and `sandbox`. */
  readonly tenantId?: string;
}

/** The integration services of one tenant and a way to close the connections they keep. */
export interface ConnectorServices {
  readonly services: ServiceTable;
  /** Closes long socket connections, SMPP binds and database pools; calls waiting on them fail. */
  close(): Promise<void>;
}

/**
 * Builds the outbound HTTP and socket services for one tenant, both behind one egress guard, to
 * pass to the node contexts of the tenant's sessions.
 *
 * @throws AllowListError when an allow-list entry does not parse
 * @example
 * const { services, close } = createConnectorServices({ allow: ["10.20.0.0/16"], secrets });
 */
export function createConnectorServices(options: ConnectorServicesOptions = {}): ConnectorServices {
  const guard = new EgressGuard({ allow: options.allow, lookup: options.lookup });
  const client = new HttpClient({ guard, openConnection: options.openConnection });
  const socket = new GuardedSocketService({ guard, connectors: options.connectors, openConnection: options.openConnection, log: options.log ?? silentLogger });
  const services = new ServiceTable()
    .add(HTTP_SERVICE, new GuardedHttpService(client, options.secrets ?? new MemorySecretStore(), options.connectors))
    .add(SOCKET_SERVICE, socket);
  const sql = new GuardedSqlService({ guard, connectors: options.connectors ?? new MemoryConnectorDirectory(), secrets: options.secrets ?? new MemorySecretStore(), log: options.log });
  const storage = tenantStorage(options);
  const mail = new GuardedMailService({ guard, connectors: options.connectors ?? new MemoryConnectorDirectory(), secrets: options.secrets ?? new MemorySecretStore(), storage, openConnection: options.openConnection });

  if (storage !== undefined) services.add(FILE_SERVICE, storage);
  const sms = new GuardedSmsService({ guard, connectors: options.connectors ?? new MemoryConnectorDirectory(), secrets: options.secrets ?? new MemorySecretStore(), openConnection: options.openConnection, log: options.log });

  services.add(MAIL_SERVICE, mail);
  services.add(SMS_SERVICE, sms);
  if (options.sandbox !== undefined) services.add(SCRIPT_SERVICE, scriptService(options, options.sandbox, guard));

  services.add(SQL_SERVICE, sql);
  return {
    services,
    close: async () => {
      socket.close();
      sms.close();
      await sql.close();
    },
  };
}

function scriptService(options: ConnectorServicesOptions, sandbox: ScriptSandbox, guard: EgressGuard): TenantScriptService {
  if (options.tenantId === undefined) throw new RangeError("sandbox needs tenantId, which keys the tenant's script isolates and quota");
  const { tenantId, connectors, secrets, openConnection, scriptHttp: limits, log } = options;

  return createTenantScriptService({ sandbox, tenantId, guard, connectors, secrets, openConnection, limits, log });
}

function tenantStorage(options: ConnectorServicesOptions): TenantStorage | undefined {
  if (options.storageRoot === undefined) return undefined;
  if (options.tenantId === undefined) throw new RangeError("storageRoot needs tenantId, which names the tenant's storage folder");
  return TenantStorage.forTenant(options.storageRoot, options.tenantId);
}
