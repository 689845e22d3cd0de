import type { CallflowDatabase } from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";

/** Options of {@link CallSlotReconciler}. */
export interface CallSlotReconcilerOptions {
  /** Milliseconds between heartbeats and reconciliations. Default 10,000. */
  intervalMs?: number;
  /**
   * Milliseconds without a heartbeat after which another runtime process counts as dead and its
   * call slots are released. Default 30,000: three missed heartbeats at the default interval.
   */
  staleAfterMs?: number;
}

/** Returns whether a process with this id runs on this host. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Keeps this runtime process registered with a heartbeat, and gives back the call slots of
 * runtime processes that died while holding them: at start, then at every heartbeat. A process
 * counts as dead when its heartbeat is stale, or when it ran on this host and its process id is
 * gone. Without this, a crashed process would keep a share of its tenants' quotas forever.
 */
export class CallSlotReconciler {
  readonly intervalMs: number;
  readonly staleAfterMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly db: CallflowDatabase,
    private readonly logger: Logger = silentLogger,
    options: CallSlotReconcilerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    if (this.staleAfterMs <= this.intervalMs) {
      throw new RangeError(`staleAfterMs (${this.staleAfterMs}) must be longer than intervalMs (${this.intervalMs}), or live processes would count as dead`);
    }
  }

  /** Registers this process, reconciles once, and starts the periodic heartbeat. */
  async start(): Promise<void> {
    await this.db.registerProcess();
    await this.reconcile();
    this.#timer = setInterval(() => {
      this.#running ??= this.#tick().finally(() => (this.#running = undefined));
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Gives back the call slots of dead runtime processes now; returns how many. */
  async reconcile(): Promise<number> {
    const released = await this.db.reconcileCallSlots({ staleAfterMs: this.staleAfterMs, isRunning: isProcessRunning });
    let total = 0;

    for (const entry of released) {
      total += entry.released;
      this.logger.warn({ tenantId: entry.tenantId, channelKind: entry.channel, released: entry.released }, "released call slots of a runtime process that died");
    }
    return total;
  }

  /** Stops the heartbeat, gives back the slots this process still holds and unregisters it. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;

    const released = await this.db.unregisterProcess();
    for (const entry of released) {
      this.logger.warn({ tenantId: entry.tenantId, channelKind: entry.channel, released: entry.released }, "released call slots still held when the runtime process stopped");
    }
  }

  async #tick(): Promise<void> {
    try {
      const alive = await this.db.heartbeatProcess();

      if (!alive) {
        this.logger.error({ processId: this.db.process.id }, "another runtime process released this process's call slots because its heartbeat was late; quotas may be exceeded until current calls end");
      }
      await this.reconcile();
    } catch (error) {
      this.logger.error({ err: error, processId: this.db.process.id }, "call slot heartbeat or reconciliation failed; retrying at the next interval");
    }
  }
}
