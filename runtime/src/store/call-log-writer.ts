import { randomUUID } from "node:crypto";

import type { CallflowDatabase, CallRecordEnd, CallTraceEventRow, CallValues, ChannelKind, NewCallRecord } from "@callflow/db";
import { appendCallTraceEvents, finishCallRecords, insertCallRecords, storeCallValues } from "@callflow/db";
import { silentLogger, type Logger, type TraceSink } from "@callflow/sdk";

import type { CallRecord, CallStart } from "../service/call-service.js";
import { storedOutcome } from "./call-outcome.js";
import { toStoredTraceEvent } from "./trace-rows.js";

/** Options of a {@link CallLogWriter}. */
export interface CallLogWriterOptions {
  db: CallflowDatabase;
  /** Channel kind of a call by its id, for its record. */
  channelKind: (callId: string) => ChannelKind;
  logger?: Logger;
  /** Milliseconds between writes of what is pending. Default 200. */
  flushIntervalMs?: number;
  /** Pending trace events that start a write before the interval ends. Default 500. */
  flushEvents?: number;
  /**
   * Pending trace events above which new events are dropped and counted, while writes fail.
   * Default 200,000, an estimated 100 MB at about 500 bytes per event.
   */
  maxPendingEvents?: number;
}

interface TenantBatch {
  /** Records to insert, keyed by id; a call that ended before the write is inserted whole. */
  starts: Map<string, NewCallRecord>;
  /** Ends of records inserted by an earlier write. */
  ends: Map<string, CallRecordEnd>;
  events: CallTraceEventRow[];
  /** Final variables of ended calls, keyed by record id, written with their ends. */
  values: Map<string, CallValues>;
}

interface OpenCall {
  recordId: string;
  tenantId: string;
  nextSeq: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Failed writes are logged on the first failure and then once per this many.
const FAILURE_LOG_EVERY = 50;
const CLOSE_ATTEMPTS = 3;
// Trace events per transaction, so that a large backlog is written, and retried after a
// failure, in parts of bounded size.
// NOTE: runtime/bench/store measured each 5,000-row part of one large backlog taking longer than
// the one before (0.25 s growing to 0.9 s on the embedded server), while a plain SQL loop of the
// same inserts stayed at 0.08 s per part. The cause is not known yet.
const MAX_EVENTS_PER_TRANSACTION = 5000;

// SQLSTATE classes of errors that the same rows raise again: 22 data exception, 23 integrity
// constraint violation. Drizzle wraps the driver's error, which is then the `cause`.
function isRejectedByDatabase(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;

    if (typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

// Splits a call's final variables into plain values and sensitive values as text.
function splitValues(recordId: string, record: CallRecord): CallValues {
  const sensitiveNames = new Set(record.sensitiveVariables ?? []);
  const values: CallValues = { callId: recordId, variables: {}, sensitive: {} };

  for (const [name, value] of Object.entries(record.variables ?? {})) {
    if (!sensitiveNames.has(name)) values.variables[name] = value;
    else if (value !== undefined && value !== null) values.sensitive[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return values;
}

function emptyBatch(): TenantBatch {
  return { starts: new Map(), ends: new Map(), events: [], values: new Map() };
}

/**
 * Writes call records and trace events to PostgreSQL off the call path: calls only append to
 * memory, and a timer writes what is pending every `flushIntervalMs`, or sooner when
 * `flushEvents` events wait, in one transaction per tenant. A record is inserted when its call
 * starts, so that its trace events can refer to it, and completed when the call ends. A failed
 * write is kept and tried again with the next one. `close` writes everything left, for shutdown.
 */
export class CallLogWriter {
  readonly counters = { recordsWritten: 0, eventsWritten: 0, eventsDropped: 0, recordsDropped: 0, writes: 0, failedWrites: 0 };
  private readonly db: CallflowDatabase;
  private readonly logger: Logger;
  private readonly channelKind: (callId: string) => ChannelKind;
  private readonly flushEvents: number;
  private readonly maxPendingEvents: number;
  private readonly openCalls = new Map<string, OpenCall>();
  private pending = new Map<string, TenantBatch>();
  private pendingEvents = 0;
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private readonly timer: NodeJS.Timeout;

  constructor(options: CallLogWriterOptions) {
    this.db = options.db;
    this.logger = options.logger ?? silentLogger;
    this.channelKind = options.channelKind;
    this.flushEvents = options.flushEvents ?? 500;
    this.maxPendingEvents = options.maxPendingEvents ?? 200_000;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 200);
    this.timer.unref();
  }

  /** Trace events and call records waiting to be written. */
  get pendingCount(): { events: number; records: number } {
    let records = 0;

    for (const batch of this.pending.values()) records += batch.starts.size + batch.ends.size;
    return { events: this.pendingEvents, records };
  }

  /** Id of the call record of a call in progress, or undefined. */
  recordIdOf(callId: string): string | undefined {
    return this.openCalls.get(callId)?.recordId;
  }

  /** Queues the record of a starting call and returns the sink for its trace. */
  traceSink(callId: string, start: CallStart): TraceSink {
    const recordId = UUID.test(callId) ? callId : randomUUID();
    const call: OpenCall = { recordId, tenantId: start.tenantId, nextSeq: 0 };
    const flowId = UUID.test(start.flow) ? start.flow : null;

    this.openCalls.set(callId, call);
    this.batchOf(start.tenantId).starts.set(recordId, {
      id: recordId,
      channel: this.channelKind(callId),
      caller: start.caller,
      called: start.called,
      flowId,
      flowVersion: flowId === null ? null : (start.flowVersion ?? null),
      startedAt: new Date(start.startedAt),
    });
    return { write: (event) => this.appendEvent(call, toStoredTraceEvent(call.nextSeq++, event)) };
  }

  /**
   * Queues the end of a call. A call refused before its session started gets a whole record
   * when its tenant is known. A call to a number that no tenant has gets none.
   */
  callEnded(record: CallRecord): void {
    const call = this.openCalls.get(record.callId);
    const endedAt = new Date(record.endedAt);
    const answeredAt = record.answeredAt === undefined ? null : new Date(record.answeredAt);
    const outcome = storedOutcome(record.outcome);

    this.openCalls.delete(record.callId);
    if (call) {
      const batch = this.batchOf(call.tenantId);
      const start = batch.starts.get(call.recordId);

      if (start) batch.starts.set(call.recordId, { ...start, answeredAt, endedAt, outcome });
      else batch.ends.set(call.recordId, { id: call.recordId, answeredAt, endedAt, outcome });
      if (record.variables) batch.values.set(call.recordId, splitValues(call.recordId, record));
      return;
    }
    if (record.tenantId === undefined) return;

    const id = UUID.test(record.callId) ? record.callId : randomUUID();
    const flowId = record.flow !== undefined && UUID.test(record.flow) ? record.flow : null;
    this.batchOf(record.tenantId).starts.set(id, {
      id,
      channel: this.channelKind(record.callId),
      caller: record.caller,
      called: record.called,
      flowId,
      flowVersion: null,
      startedAt: new Date(record.startedAt),
      endedAt,
      outcome,
    });
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

  /**
   * Stops the timer and writes everything pending, trying a failed write again up to three
   * times. Calls still in progress get no end in their record.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS && this.pending.size > 0; attempt++) await this.flush();
    await this.writing;

    const left = this.pendingCount;
    if (left.events + left.records > 0) {
      this.logger.error({ events: left.events, records: left.records }, "call records and trace events could not be written before shutdown");
    }
  }

  private batchOf(tenantId: string): TenantBatch {
    let batch = this.pending.get(tenantId);

    if (!batch) {
      batch = emptyBatch();
      this.pending.set(tenantId, batch);
    }
    return batch;
  }

  private appendEvent(call: OpenCall, event: ReturnType<typeof toStoredTraceEvent>): void {
    if (this.pendingEvents >= this.maxPendingEvents) {
      this.counters.eventsDropped++;
      return;
    }
    this.batchOf(call.tenantId).events.push({ ...event, callId: call.recordId });
    this.pendingEvents++;
    if (this.pendingEvents >= this.flushEvents) void this.flush();
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batches = this.pending;

    this.pending = new Map();
    this.pendingEvents = 0;
    await Promise.all([...batches].map(([tenantId, batch]) => this.writeBatch(tenantId, batch)));
  }

  // Writes a tenant's batch in transactions of at most MAX_EVENTS_PER_TRANSACTION events: the
  // first also inserts the new records, the last also completes the ended ones. What a failed
  // transaction leaves is put back for the next write.
  private async writeBatch(tenantId: string, batch: TenantBatch): Promise<void> {
    const left: TenantBatch = { starts: batch.starts, ends: batch.ends, events: batch.events, values: batch.values };

    try {
      do {
        const events = left.events.slice(0, MAX_EVENTS_PER_TRANSACTION);
        const last = events.length === left.events.length;

        await this.db.withTenant(tenantId, async (scope) => {
          await insertCallRecords(scope, [...left.starts.values()]);
          await appendCallTraceEvents(scope, events);
          if (last) {
            await finishCallRecords(scope, [...left.ends.values()]);
            await storeCallValues(scope, [...left.values.values()]);
          }
        });
        this.counters.writes++;
        this.counters.recordsWritten += left.starts.size;
        this.counters.eventsWritten += events.length;
        left.starts = new Map();
        left.events = left.events.slice(events.length);
        if (last) {
          left.ends = new Map();
          left.values = new Map();
        }
      } while (left.events.length > 0 || left.ends.size > 0);
    } catch (error) {
      this.counters.failedWrites++;
      if (isRejectedByDatabase(error)) {
        // Writing the same rows again would fail the same way and hold back everything after.
        this.counters.recordsDropped += left.starts.size;
        this.counters.eventsDropped += left.events.length;
        this.logger.error({ err: error, tenantId, records: left.starts.size, events: left.events.length }, "the database rejected call records and trace events; dropping them");
        return;
      }
      if (this.counters.failedWrites % FAILURE_LOG_EVERY === 1) {
        this.logger.error({ err: error, tenantId, failedWrites: this.counters.failedWrites }, "writing call records and trace events failed; keeping them for the next write");
      }
      this.requeue(tenantId, left);
    }
  }

  // Puts a failed batch back in front of what arrived since, so the next write retries it.
  private requeue(tenantId: string, failed: TenantBatch): void {
    const newer = this.pending.get(tenantId) ?? emptyBatch();
    const merged: TenantBatch = { starts: failed.starts, ends: failed.ends, events: [...failed.events, ...newer.events], values: failed.values };

    for (const [id, start] of newer.starts) merged.starts.set(id, start);
    for (const [id, values] of newer.values) merged.values.set(id, values);
    for (const [id, end] of newer.ends) {
      const start = merged.starts.get(id);

      if (start) merged.starts.set(id, { ...start, endedAt: end.endedAt, outcome: end.outcome });
      else merged.ends.set(id, end);
    }
    this.pending.set(tenantId, merged);
    this.pendingEvents += failed.events.length;
  }
}
