import { EventEmitter } from "node:events";

import { findFlowTenant, findLatestFlowVersion, type CallflowDatabase, type FlowPublishedNotice } from "@callflow/db";
import { silentLogger, type Logger, type NodeRegistry, type Plan } from "@callflow/sdk";

import { FlowUnavailableError, type FlowSource } from "../service/flow-source.js";
import { compilePublishedVersion } from "./database-library.js";
import { RUNTIME_ACTOR } from "./runtime-actor.js";

/** A compiled published version. */
export interface LoadedFlowVersion {
  tenantId: string;
  flowId: string;
  name: string;
  version: number;
  plan: Plan;
}

/** Events of a {@link DatabaseFlowSource}. */
export interface DatabaseFlowSourceEvents {
  /** A cached flow was compiled again at a newly published version; new calls get it. */
  "flow-reloaded": [LoadedFlowVersion];
  /** Loading a newly published version failed; the next call tries again. */
  "reload-failed": [FlowPublishedNotice, Error];
  /** Every cached plan was dropped. */
  cleared: [];
}

/**
 * Flows from PostgreSQL: `plan(flowId)` returns the latest published version of the flow,
 * compiled once per version and cached. A notice that a version was published (see
 * `listenForFlowPublications`) compiles the new version of a cached flow at once, and calls
 * that start afterwards wait for it and get it. Calls in progress keep the plan they started with.
 */
export class DatabaseFlowSource implements FlowSource {
  readonly events = new EventEmitter<DatabaseFlowSourceEvents>();
  private readonly cache = new Map<string, Promise<LoadedFlowVersion>>();
  // The settled value of each cache entry, so that calls on a cached version start without
  // waiting on a promise. An entry is removed as soon as its flow starts loading again.
  private readonly settled = new Map<string, LoadedFlowVersion>();
  // A flow's tenant never changes, so it is looked up once per flow.
  private readonly tenants = new Map<string, string>();

  constructor(
    private readonly db: CallflowDatabase,
    private readonly registry: NodeRegistry,
    private readonly logger: Logger = silentLogger,
  ) {}

  plan(flowId: string): { plan: Plan; version: number } | Promise<{ plan: Plan; version: number }> {
    const settled = this.settled.get(flowId);

    if (settled) return { plan: settled.plan, version: settled.version };
    return this.load(flowId).then((loaded) => ({ plan: loaded.plan, version: loaded.version }));
  }

  /** Returns the cached or newly compiled latest version of a flow. */
  load(flowId: string): Promise<LoadedFlowVersion> {
    const cached = this.cache.get(flowId);

    if (cached) return cached;
    return this.cacheLoad(flowId, this.loadLatest(flowId));
  }

  /** Handles a publication notice: recompiles the flow when it is cached at an older version. */
  published(notice: FlowPublishedNotice): void {
    const cached = this.cache.get(notice.flowId);

    if (!cached) return;
    const next = cached
      .catch(() => undefined)
      .then((current) => (current && current.version >= notice.version ? current : this.loadLatest(notice.flowId)));

    this.cacheLoad(notice.flowId, next).then(
      (loaded) => {
        this.logger.info({ tenantId: loaded.tenantId, flowId: loaded.flowId, flowVersion: loaded.version }, "flow reloaded at a newly published version");
        this.events.emit("flow-reloaded", loaded);
      },
      (error: Error) => {
        this.logger.error({ err: error, tenantId: notice.tenantId, flowId: notice.flowId, flowVersion: notice.version }, "loading a newly published flow version failed");
        this.events.emit("reload-failed", notice, error);
      },
    );
  }

  /** Drops every cached plan, such as after notices may have been missed. */
  clear(): void {
    this.cache.clear();
    this.settled.clear();
    this.events.emit("cleared");
  }

  /** Number of flows with a cached or loading plan. */
  get size(): number {
    return this.cache.size;
  }

  // Caches a load; a failed load is dropped, so the next call tries again.
  private cacheLoad(flowId: string, load: Promise<LoadedFlowVersion>): Promise<LoadedFlowVersion> {
    this.cache.set(flowId, load);
    this.settled.delete(flowId);
    load.then(
      (loaded) => {
        if (this.cache.get(flowId) === load) this.settled.set(flowId, loaded);
      },
      () => {
        if (this.cache.get(flowId) === load) this.cache.delete(flowId);
      },
    );
    return load;
  }

  private async loadLatest(flowId: string): Promise<LoadedFlowVersion> {
    const tenantId = await this.tenantOf(flowId);

    return this.db.withTenant(tenantId, async (scope) => {
      const latest = await findLatestFlowVersion(scope, flowId);

      if (!latest) throw new FlowUnavailableError(flowId, "it has no published version; publish it in the studio first");
      const result = await compilePublishedVersion(scope, latest, this.registry);

      if (!result.ok) {
        const errors = result.problems.filter((problem) => problem.severity === "error");

        throw new FlowUnavailableError(latest.name, `version ${latest.version} has ${errors.length} problem(s), first: ${errors[0]?.message}`, result.problems);
      }
      return { tenantId, flowId, name: latest.name, version: latest.version, plan: result.plan };
    });
  }

  private async tenantOf(flowId: string): Promise<string> {
    const known = this.tenants.get(flowId);

    if (known) return known;
    const tenantId = await this.db.withPlatform(RUNTIME_ACTOR, (platform) => findFlowTenant(platform, flowId));

    if (!tenantId) throw new FlowUnavailableError(flowId, "no flow has this id; check the number's flow");
    this.tenants.set(flowId, tenantId);
    return tenantId;
  }
}
