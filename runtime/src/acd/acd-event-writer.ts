import { appendAcdEvents, listAcdEvents, type AcdEventRow, type CallflowDatabase } from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";

import type { AcdEvent } from "./acd-events.js";

/** Options of an {@link AcdEventWriter}. */
export interface AcdEventWriterOptions {
  db: CallflowDatabase;
  tenantId: string;
  logger?: Logger;
  /** Milliseconds between writes of what is pending. Default 100. */
  flushIntervalMs?: number;
  /** Pending events that start a write before the interval ends. Default 1,000. */
  flushEvents?: number;
}

// Failed writes are logged on the first failure and then once per this many.
const FAILURE_LOG_EVERY = 50;
// Events read per query while rebuilding.
const REBUILD_PAGE = 10_000;

/** Converts an event to its row: the fields besides seq, time and type go to `data`. */
// NOTE: a call's data packet is stored as the IVR collected it, so a variable marked sensitive
// that a flow puts in the packet lands in `acd_events` unencrypted.
export function toAcdEventRow(event: AcdEvent): AcdEventRow {
  const { seq, at, type, ...data } = event;

  return { seq, at: new Date(at), type, data };
}

/** Converts a stored row back to its event. */
export function fromAcdEventRow(row: AcdEventRow): AcdEvent {
  return { ...row.data, seq: row.seq, at: row.at.getTime(), type: row.type } as AcdEvent;
}

/** Reads a tenant's whole ACD event log in seq order, a page per transaction. */
export async function loadAcdEvents(db: CallflowDatabase, tenantId: string): Promise<AcdEvent[]> {
  const events: AcdEvent[] = [];

  for (;;) {
    const afterSeq = events.at(-1)?.seq ?? 0;
    const rows = await db.withTenant(tenantId, (scope) => listAcdEvents(scope, { afterSeq, limit: REBUILD_PAGE }));

    for (const row of rows) events.push(fromAcdEventRow(row));
    if (rows.length < REBUILD_PAGE) return events;
  }
}

/**
 * Writes one tenant's ACD events to `acd_events` off the decision path: the engine's listener
 * only appends to memory, and a timer writes what is pending every `flushIntervalMs`, or sooner
 * when `flushEvents` wait. A failed write is kept and tried again with the next one, in order.
 */
export class AcdEventWriter {
  readonly counters = { eventsWritten: 0, writes: 0, failedWrites: 0 };
  private readonly db: CallflowDatabase;
  private readonly tenantId: string;
  private readonly logger: Logger;
  private readonly flushEvents: number;
  private pending: AcdEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private readonly timer: NodeJS.Timeout;

  constructor(options: AcdEventWriterOptions) {
    this.db = options.db;
    this.tenantId = options.tenantId;
    this.logger = options.logger ?? silentLogger;
    this.flushEvents = options.flushEvents ?? 1000;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 100);
    this.timer.unref();
  }

  /** Events waiting to be written. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues an event; the engine's listener. */
  append(event: AcdEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.flushEvents) void this.flush();
  }

  /** Writes everything pending now; resolves when that write has finished or failed. */
  flush(): Promise<void> {
    if (this.writeQueued) return this.writing;
    this.writeQueued = true;
    this.writing = this.writing.then(() => {
      this.writeQueued = false;
      return this.writePending();
    });
    return this.writing;
  }

  /** Stops the timer and writes what is pending, trying a failed write again up to three times. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (let attempt = 0; attempt < 3 && this.pending.length > 0; attempt++) await this.flush();
    if (this.pending.length > 0) this.logger.error({ tenantId: this.tenantId, events: this.pending.length }, "ACD events could not be written before shutdown");
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;

    this.pending = [];
    try {
      await this.db.withTenant(this.tenantId, (scope) => appendAcdEvents(scope, batch.map(toAcdEventRow)));
      this.counters.writes++;
      this.counters.eventsWritten += batch.length;
    } catch (error) {
      this.counters.failedWrites++;
      if (this.counters.failedWrites % FAILURE_LOG_EVERY === 1) {
        this.logger.error({ err: error, tenantId: this.tenantId, events: batch.length, failedWrites: this.counters.failedWrites }, "writing ACD events failed; keeping them for the next write");
      }
      this.pending = [...batch, ...this.pending];
    }
  }
}
