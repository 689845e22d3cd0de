import { sql } from "drizzle-orm";
import pg from "pg";

import type { TenantScope } from "./tenant-scope.js";

/** One row of `acd_events` as the runtime writes and reads it. */
export interface AcdEventRow {
  seq: number;
  at: Date;
  type: string;
  data: Record<string, unknown>;
}

// Rows per INSERT statement, sent as one JSON parameter.
const ROWS_PER_INSERT = 5000;

/**
 * Appends ACD events of the scope's tenant. A row whose seq exists already is skipped, so that a
 * batch retried after a lost commit does not fail.
 */
export async function appendAcdEvents({ tx, tenantId }: TenantScope, events: readonly AcdEventRow[]): Promise<void> {
  for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
    const rows = events.slice(start, start + ROWS_PER_INSERT).map((event) => ({ seq: event.seq, at: event.at.toISOString(), type: event.type, data: event.data }));

    await tx.execute(sql`
      insert into acd_events (tenant_id, seq, at, type, data)
      select ${tenantId}::uuid, r.seq, r.at, r.type, r.data
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(seq bigint, at timestamptz, type text, data jsonb)
      on conflict (tenant_id, seq) do nothing`);
  }
}

/** Reads up to `limit` ACD events of the scope's tenant after `afterSeq`, in seq order. */
export async function listAcdEvents({ tx }: TenantScope, options: { afterSeq: number; limit: number }): Promise<AcdEventRow[]> {
  const result = await tx.execute<{ seq: string; at: Date | string; type: string; data: Record<string, unknown> }>(sql`
    select seq, at, type, data from acd_events where seq > ${options.afterSeq} order by seq limit ${options.limit}`);

  return result.rows.map((row) => ({ seq: Number(row.seq), at: new Date(row.at), type: row.type, data: row.data }));
}

/** A session-level PostgreSQL advisory lock that makes its holder the one owner of a tenant's ACD. */
export interface AcdOwnerLock {
  /** Resolves once the lock is held, trying every `retryMs`; rejects when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** True while the lock's connection is open and the lock held. */
  readonly held: boolean;
  /** Gives the lock up by closing its connection. */
  release(): Promise<void>;
}

/**
 * Creates the owner lock of a tenant's ACD on a connection of its own. PostgreSQL drops the lock
 * when that connection closes, as it does when the owning process dies, and so another
 * instance's `acquire` then succeeds. `onLost` runs when the connection fails while the lock is
 * held: the holder must stop deciding at once, because another instance may take over.
 */
export function createAcdOwnerLock(options: { url: string; tenantId: string; retryMs?: number; onLost?: (error: Error) => void }): AcdOwnerLock {
  const client = new pg.Client({ connectionString: options.url });
  const retryMs = options.retryMs ?? 500;
  let connected: Promise<unknown> | undefined;
  let held = false;
  let released = false;

  client.on("error", (error) => {
    if (!held) return;
    held = false;
    options.onLost?.(error);
  });
  const tryOnce = async (): Promise<boolean> => {
    connected ??= client.connect();
    await connected;
    const result = await client.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtextextended('callflow.acd:' || $1, 0)) as locked", [options.tenantId]);

    return result.rows[0].locked;
  };

  return {
    get held() {
      return held;
    },
    async acquire(signal) {
      while (!(await tryOnce())) {
        if (signal?.aborted) throw signal.reason ?? new Error("acquiring the ACD owner lock was aborted");
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
      held = true;
    },
    async release() {
      if (released) return;
      released = true;
      held = false;
      if (connected) await client.end();
    },
  };
}
