import type { HttpService, ScriptRequest, ScriptResult, ScriptRunContext, ScriptService } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { EgressGuard } from "../egress/egress-guard.js";
import type { OpenConnection } from "../egress/open-connection.js";
import type { ScriptSandbox } from "../sandbox/index.js";
import { MemoryConnectorDirectory, type ConnectorDirectory } from "./connector-directory.js";
import { GuardedHttpService } from "./http/guarded-http-service.js";
import { HttpClient } from "./http/http-client.js";
import { DEFAULT_SCRIPT_HTTP_LIMITS, scriptHttpCapability, type ScriptHttpLimits } from "./http/script-http-capability.js";
import { MemorySecretStore, type SecretStore } from "./secrets.js";

/** Options of {@link createTenantScriptService}. */
export interface TenantScriptServiceOptions {
  readonly sandbox: ScriptSandbox;
  readonly tenantId: string;
  /** The tenant's egress guard. Default: one that allows only public addresses. */
  readonly guard?: EgressGuard;
  /** The tenant's connectors, which scripts' nodes name. Default: none, so every script request fails with "not found". */
  readonly connectors?: ConnectorDirectory;
  /** The tenant's secrets, which the connectors name. Default: none. */
  readonly secrets?: SecretStore;
  /** Opens connections to checked addresses. Default: TCP or TLS to the address. */
  readonly openConnection?: OpenConnection;
  /** Over {@link DEFAULT_SCRIPT_HTTP_LIMITS}. */
  readonly limits?: Partial<ScriptHttpLimits>;
  readonly log?: Logger;
}

/**
 * Binds the sandbox to a tenant and gives the scripts whose node names HTTP connectors a
 * `host.http` that sends requests through the tenant's connectors, secrets and egress guard.
 *
 * @example
 * const script = createTenantScriptService({ sandbox, tenantId: "acme", guard, connectors, secrets });
 */
export function createTenantScriptService(options: TenantScriptServiceOptions): TenantScriptService {
  const limits = { ...DEFAULT_SCRIPT_HTTP_LIMITS, ...options.limits };
  const guard = options.guard ?? new EgressGuard();
  // A client of its own, because scripts get a smaller response limit than integration.http.
  const client = new HttpClient({ guard, openConnection: options.openConnection, maxResponseBytes: limits.maxResponseBytes });
  const http = new GuardedHttpService(client, options.secrets ?? new MemorySecretStore(), options.connectors ?? new MemoryConnectorDirectory());
  const log = (options.log ?? silentLogger).child({ component: "script-http" });

  return new TenantScriptService(options.sandbox, options.tenantId, http, limits.maxRequests, log);
}

/**
 * The script sandbox bound to one tenant. A run whose node names no HTTP connector goes to the
 * sandbox as before, with no capability built. A run that names some gets an `http` capability of
 * its own, which counts its requests.
 */
export class TenantScriptService implements ScriptService {
  private readonly sandbox: ScriptSandbox;
  private readonly tenantId: string;
  private readonly plain: ScriptService;
  private readonly http: HttpService;
  private readonly maxRequests: number;
  private readonly log: Logger;

  constructor(sandbox: ScriptSandbox, tenantId: string, http: HttpService, maxRequests: number, log: Logger) {
    this.sandbox = sandbox;
    this.tenantId = tenantId;
    this.plain = sandbox.forTenant(tenantId);
    this.http = http;
    this.maxRequests = maxRequests;
    this.log = log;
  }

  run(request: ScriptRequest, context: ScriptRunContext): Promise<ScriptResult> {
    const connectors = request.httpConnectors;

    if (connectors === undefined || connectors.length === 0) return this.plain.run(request, context);
    const http = scriptHttpCapability({ http: this.http, connectors, deadlineMs: request.timeoutMs, maxRequests: this.maxRequests, log: this.log });

    return this.sandbox.run(this.tenantId, request, { signal: context.signal, call: context.call, capabilities: [http] });
  }

  endCall(call: object): void {
    this.sandbox.endCall(call);
  }
}
