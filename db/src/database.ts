import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";

import { acquireCallSlot, type CallSlotResult, type CallSlotUsage, readCallSlotUsage, releaseCallSlot } from "./call-slots.js";
import { loadMasterKey } from "./crypto/master-key.js";
import { lookUpCalledNumber, type CalledNumberRoute } from "./number-routes.js";
import type { Orm } from "./orm.js";
import type { PlatformActor } from "./platform/actor.js";
import type { PlatformScope } from "./platform/platform-scope.js";
import { runAsPlatform } from "./platform/run-as-platform.js";
import * as schema from "./schema/index.js";
import { phoneNumbers } from "./schema/phone-numbers.js";
import { PLATFORM_ROLE_NAME } from "./schema/roles.js";
import { tenants } from "./schema/tenants.js";
import type { ChannelKind, TenantStatus } from "./schema/values.js";
import {
  heartbeatRuntimeProcess,
  reconcileCallSlots,
  registerRuntimeProcess,
  unregisterRuntimeProcess,
  type ReleasedCallSlots,
  type RuntimeProcessIdentity,
} from "./runtime-processes.js";
import { runAsTenant, type TenantScope } from "./tenant-scope.js";

/** Options of openDatabase. */
export interface DatabaseOptions {
  /** PostgreSQL connection URL, such as `postgres://callflow:secret@127.0.0.1:5432/callflow`. */
  url: string;
  /** The 32-byte master key. Default: parsed from CALLFLOW_MASTER_KEY, failing when it is missing. */
  masterKey?: Buffer;
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
  /** Receives errors of idle pooled connections (such as a server restart). Default: written to stderr. */
  onIdleConnectionError?: (error: Error) => void;
}

/** The destination of calls to a number: tenant, flow and outbound caller id. */
export interface NumberRoute {
  tenantId: string;
  tenantStatus: TenantStatus;
  flowId: string | null;
  callerId: string | null;
}

/** The data-access API of Callflow: every query runs in a tenant's or the platform's transaction. */
export interface CallflowDatabase {
  /** Runs `fn` in a transaction limited to one tenant's rows; see runAsTenant. */
  withTenant<T>(tenantId: string, fn: (scope: TenantScope) => Promise<T>): Promise<T>;
  /** Runs `fn` in an audited platform transaction; see runAsPlatform. */
  withPlatform<T>(actor: PlatformActor, fn: (platform: PlatformScope) => Promise<T>): Promise<T>;
  /**
   * The runtime process that this pool's call slots belong to: a random id for each
   * openDatabase, this host's name and this process's id.
   */
  readonly process: RuntimeProcessIdentity;
  /** Takes a concurrent-call slot held by `process`; see call-slots.ts. */
  acquireCallSlot(tenantId: string, channel: ChannelKind): Promise<CallSlotResult>;
  /** Gives back a call slot of `process`; false when it held none. */
  releaseCallSlot(tenantId: string, channel: ChannelKind): Promise<boolean>;
  /** Registers `process` in `runtime_processes`; see runtime-processes.ts. */
  registerProcess(): Promise<void>;
  /** Renews the heartbeat of `process`; false when another process had reconciled it as dead. */
  heartbeatProcess(): Promise<boolean>;
  /** Gives back the slots of dead runtime processes; see reconcileCallSlots. */
  reconcileCallSlots(options: { staleAfterMs: number; isRunning: (pid: number) => boolean }): Promise<ReleasedCallSlots[]>;
  /** Gives back every slot `process` still holds and deletes its row, as at a clean stop. */
  unregisterProcess(): Promise<ReleasedCallSlots[]>;
  /** Returns slots in use, limits and refusals per channel kind. */
  readCallSlotUsage(tenantId: string): Promise<CallSlotUsage[]>;
  /**
   * Returns the tenant, flow and caller id of a called number, or null when no tenant has it.
   * It reads across tenants, because the tenant is what it finds out, and writes no audit row.
   */
  resolveNumber(number: string): Promise<NumberRoute | null>;
  /**
   * Returns the tenant, flow, caller id and quotas of a called number in one round trip, or null
   * when no tenant has it; see lookUpCalledNumber. It reads across tenants and writes no audit row.
   */
  lookUpCalledNumber(number: string): Promise<CalledNumberRoute | null>;
  /** Closes the pool after its transactions finish. */
  close(): Promise<void>;
}

/** Opens a connection pool to the database at `options.url`. */
export function openDatabase(options: DatabaseOptions): CallflowDatabase {
  const masterKey = options.masterKey ?? loadMasterKey();
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  const orm: Orm = drizzle(pool, { schema });

  // Without a listener, an error on an idle connection would crash the process.
  pool.on("error", options.onIdleConnectionError ?? ((error) => console.error(`callflow db: idle connection failed: ${error.message}`)));

  const process: RuntimeProcessIdentity = { id: randomUUID(), host: hostname(), pid: globalThis.process.pid };

  return {
    process,
    withTenant: (tenantId, fn) => runAsTenant(orm, masterKey, tenantId, fn),
    withPlatform: (actor, fn) => runAsPlatform(orm, masterKey, actor, fn),
    acquireCallSlot: (tenantId, channel) => acquireCallSlot(pool, tenantId, channel, process.id),
    releaseCallSlot: (tenantId, channel) => releaseCallSlot(pool, tenantId, channel, process.id),
    registerProcess: () => registerRuntimeProcess(orm, masterKey, process),
    heartbeatProcess: () => heartbeatRuntimeProcess(orm, masterKey, process),
    reconcileCallSlots: (options) => reconcileCallSlots(orm, masterKey, { ...options, selfId: process.id, host: process.host }),
    unregisterProcess: () => unregisterRuntimeProcess(orm, masterKey, process.id),
    readCallSlotUsage: (tenantId) => readCallSlotUsage(orm, masterKey, tenantId),
    resolveNumber: (number) => resolveNumber(orm, number),
    lookUpCalledNumber: (number) => lookUpCalledNumber(pool, number),
    close: () => pool.end(),
  };
}

async function resolveNumber(orm: Orm, number: string): Promise<NumberRoute | null> {
  return orm.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${PLATFORM_ROLE_NAME}, true)`);

    const [route] = await tx
      .select({ tenantId: phoneNumbers.tenantId, tenantStatus: tenants.status, flowId: phoneNumbers.flowId, callerId: phoneNumbers.callerId })
      .from(phoneNumbers)
      .innerJoin(tenants, eq(tenants.id, phoneNumbers.tenantId))
      .where(eq(phoneNumbers.number, number));

    return route ?? null;
  });
}
