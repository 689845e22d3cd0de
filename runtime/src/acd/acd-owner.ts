import { createAcdOwnerLock, type CallflowDatabase } from "@callflow/db";
import { silentLogger, type Clock, type Logger } from "@callflow/sdk";

import { AcdEngine, type AcdEngineOptions } from "./acd-engine.js";
import { AcdEventWriter, loadAcdEvents, type AcdEventWriterOptions } from "./acd-event-writer.js";

/** Options of {@link startAcdOwner}. */
export interface AcdOwnerOptions {
  db: CallflowDatabase;
  /** URL of the database, for the lock's own connection. */
  url: string;
  tenantId: string;
  clock: Clock;
  logger?: Logger;
  priorityLookup?: AcdEngineOptions["priorityLookup"];
  /** IANA time zone of the agents' day counters; see {@link AcdEngineOptions.timeZone}. */
  timeZone?: string;
  /** Milliseconds between attempts to take the lock while another instance holds it. Default 500. */
  lockRetryMs?: number;
  writer?: Pick<AcdEventWriterOptions, "flushIntervalMs" | "flushEvents">;
  /** Aborts the wait for the lock. */
  signal?: AbortSignal;
  /** Runs after the engine stopped because the lock's connection failed. */
  onLost?: (error: Error) => void;
}

/** A tenant's ACD owned by this process. */
export interface AcdOwner {
  engine: AcdEngine;
  writer: AcdEventWriter;
  /** Events replayed from the log when this instance took the tenant. */
  replayedEvents: number;
  /** Milliseconds from holding the lock to a resumed engine: reading and replaying the log. */
  rebuildMs: number;
  /** Stops the engine, writes pending events and gives up the lock. */
  stop(): Promise<void>;
}

/**
 * Becomes the one owner of a tenant's ACD: waits for the tenant's advisory lock, rebuilds the
 * engine from the event log, resumes it (see {@link AcdEngine.resume}) and writes its events
 * from then on. If the lock's connection fails, the engine stops at once.
 */
export async function startAcdOwner(options: AcdOwnerOptions): Promise<AcdOwner> {
  const logger = options.logger ?? silentLogger;
  const engine = new AcdEngine({ clock: options.clock, logger, priorityLookup: options.priorityLookup, timeZone: options.timeZone });
  const lock = createAcdOwnerLock({
    url: options.url,
    tenantId: options.tenantId,
    retryMs: options.lockRetryMs,
    onLost: (error) => {
      logger.error({ err: error, tenantId: options.tenantId }, "lost the ACD owner lock; stopping the tenant's ACD engine");
      engine.stop();
      options.onLost?.(error);
    },
  });

  try {
    await lock.acquire(options.signal);
  } catch (error) {
    // Closes the lock's connection, which an aborted wait would otherwise leave open.
    await lock.release();
    throw error;
  }
  // NOTE: events of the last write interval before an owner dies are lost with it. A call that
  // was connected in that window is offered again here and can reach a second agent. The
  // writer's `flushIntervalMs` bounds the window.
  const started = performance.now();
  const events = await loadAcdEvents(options.db, options.tenantId);

  engine.replay(events);

  const writer = new AcdEventWriter({ db: options.db, tenantId: options.tenantId, logger, ...options.writer });
  engine.onEvent((event) => writer.append(event));
  engine.resume();
  const rebuildMs = performance.now() - started;
  logger.info({ tenantId: options.tenantId, replayedEvents: events.length, rebuildMs }, "took over the tenant's ACD");

  return {
    engine,
    writer,
    replayedEvents: events.length,
    rebuildMs,
    stop: async () => {
      engine.stop();
      await writer.close();
      await lock.release();
    },
  };
}
