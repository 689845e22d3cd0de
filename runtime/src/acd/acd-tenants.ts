import { listAcdEvents, type CallflowDatabase, type PlatformActor } from "@callflow/db";
import { ACD_SERVICE, TRANSFER_FLOWS, type AcdService, type TransferFlows } from "@callflow/nodes";
import { realClock, silentLogger, type Clock, type Logger, type NodeServices } from "@callflow/sdk";

import type { AcdEngine } from "./acd-engine.js";
import { AcdError } from "./acd-error.js";
import { AcdNodeService } from "./acd-node-service.js";
import { startAcdOwner, type AcdOwner } from "./acd-owner.js";

/** Options of {@link AcdTenants}. */
export interface AcdTenantsOptions {
  db: CallflowDatabase;
  /** URL of the database, for the owner locks' own connections. */
  url: string;
  /** Default: the real clock. */
  clock?: Clock;
  logger?: Logger;
  /** IANA time zone of the agents' day counters, such as Asia/Taipei. Default UTC. */
  timeZone?: string;
  /** Milliseconds a request waits for a tenant's owner lock before it gets `acd-unavailable`. Default 2,000. */
  lockWaitMs?: number;
  /** Milliseconds between attempts to take a lock that another instance holds. Default 500. */
  lockRetryMs?: number;
  /** The tenant's IVR flows that agents can transfer calls to; without it such a transfer leaves routing.queue by Overflow. */
  transferFlows?: (tenantId: string) => TransferFlows;
}

interface OwnedTenant {
  owner: AcdOwner;
  nodeService: AcdNodeService;
}

const STARTUP_ACTOR: PlatformActor = { kind: "system", name: "callflow-acd" };

/**
 * The ACD engines of every tenant in this process. A tenant's engine starts on first use, or at
 * {@link AcdTenants.startConfigured} for tenants whose event log has entries. Each start waits
 * for the tenant's advisory lock, so while another instance owns the tenant this process waits
 * as a standby and takes over when that instance dies.
 */
export class AcdTenants {
  private readonly owned = new Map<string, OwnedTenant>();
  private readonly starting = new Map<string, Promise<OwnedTenant | undefined>>();
  private readonly nodeServices = new Map<string, NodeServices>();
  private readonly stopping = new AbortController();
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: AcdTenantsOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** Returns the tenant's engine when this process owns it now, without starting it. */
  engine(tenantId: string): AcdEngine | undefined {
    return this.owned.get(tenantId)?.owner.engine;
  }

  /**
   * Returns the tenant's engine, starting it first when needed. Returns undefined when the lock
   * is not held within `lockWaitMs`, such as while another instance owns the tenant. This process
   * then keeps waiting for the lock in the background.
   */
  async open(tenantId: string): Promise<AcdEngine | undefined> {
    const owned = this.engine(tenantId);

    if (owned !== undefined || this.stopping.signal.aborted) return owned;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.options.lockWaitMs ?? 2000);
    });
    const started = await Promise.race([this.start(tenantId), waited]);

    clearTimeout(timer);
    return started?.owner.engine;
  }

  /** Starts the engines of the tenants whose ACD event log has entries, waiting up to `lockWaitMs` for each. */
  async startConfigured(): Promise<string[]> {
    const { db } = this.options;
    const tenants = await db.withPlatform(STARTUP_ACTOR, (platform) => platform.listTenants());
    const configured: string[] = [];

    for (const tenant of tenants) {
      const events = await db.withTenant(tenant.id, (scope) => listAcdEvents(scope, { afterSeq: 0, limit: 1 }));

      if (events.length > 0) configured.push(tenant.id);
    }
    await Promise.all(configured.map((tenantId) => this.open(tenantId)));
    return configured;
  }

  /**
   * Returns the tenant's node services with {@link ACD_SERVICE} and {@link TRANSFER_FLOWS}
   * added. The ACD's calls fail with `engine-stopped` while this process does not own the
   * tenant's ACD, and start the engine.
   */
  withAcd(tenantId: string, base: NodeServices | undefined): NodeServices {
    let services = this.nodeServices.get(tenantId);

    if (services === undefined) {
      const acd = this.acdServiceOf(tenantId);
      const transferFlows = this.options.transferFlows?.(tenantId);

      services = {
        get: (key) => {
          if (key.name === ACD_SERVICE.name) return acd as never;
          if (key.name === TRANSFER_FLOWS.name && transferFlows !== undefined) return transferFlows as never;
          return base?.get(key) as never;
        },
      };
      this.nodeServices.set(tenantId, services);
    }
    return services;
  }

  /** Stops every engine, writes their pending events and gives up their locks. */
  async close(): Promise<void> {
    this.stopping.abort(new Error("the ACD is shutting down"));
    await Promise.all([...this.starting.values()]);
    const owned = [...this.owned.values()];

    this.owned.clear();
    await Promise.all(owned.map(({ owner }) => owner.stop()));
  }

  // NOTE: a call in a process that does not own the tenant's ACD fails here, and routing.queue
  // leaves by its error port. Serving it from the owner needs a request and event channel between
  // processes, because the ticket reads position and estimated wait synchronously and the
  // console's hold and transfer reach the call's bridge as in-process events.
  private acdServiceOf(tenantId: string): AcdService {
    const current = (): AcdNodeService => {
      const owned = this.owned.get(tenantId);

      if (owned !== undefined) return owned.nodeService;
      void this.open(tenantId);
      throw new AcdError("engine-stopped", `the ACD of tenant ${tenantId} does not run in this process now; queue the call again in a moment`, { tenantId });
    };

    return {
      status: (queue) => current().status(queue),
      enqueue: (request) => current().enqueue(request),
    };
  }

  private start(tenantId: string): Promise<OwnedTenant | undefined> {
    let starting = this.starting.get(tenantId);

    if (starting === undefined) {
      starting = this.startOwner(tenantId).finally(() => this.starting.delete(tenantId));
      this.starting.set(tenantId, starting);
    }
    return starting;
  }

  private async startOwner(tenantId: string): Promise<OwnedTenant | undefined> {
    const logger = this.logger.child({ tenantId });

    try {
      const owner = await startAcdOwner({
        db: this.options.db,
        url: this.options.url,
        tenantId,
        clock: this.clock,
        logger,
        timeZone: this.options.timeZone,
        lockRetryMs: this.options.lockRetryMs,
        signal: this.stopping.signal,
        onLost: () => this.forget(tenantId),
      });
      const owned = { owner, nodeService: new AcdNodeService(owner.engine) };

      this.owned.set(tenantId, owned);
      return owned;
    } catch (error) {
      if (!this.stopping.signal.aborted) logger.error({ err: error }, "starting the tenant's ACD failed");
      return undefined;
    }
  }

  // After a lost lock: drops the stopped engine and waits for the lock again as a standby.
  private forget(tenantId: string): void {
    const owned = this.owned.get(tenantId);

    if (owned === undefined) return;
    this.owned.delete(tenantId);
    owned.owner.stop().catch((error: unknown) => this.logger.error({ err: error, tenantId }, "stopping the tenant's ACD after a lost lock failed"));
    if (!this.stopping.signal.aborted) void this.start(tenantId);
  }
}
