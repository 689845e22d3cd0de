import { sql } from "drizzle-orm";
import pg from "pg";

import { publishDraft } from "./drafts.js";
import type { TenantScope } from "./tenant-scope.js";

/** The PostgreSQL NOTIFY channel on which each published flow version is announced. */
export const FLOW_PUBLISHED_CHANNEL = "callflow_flow_published";

/** Payload of a notification on FLOW_PUBLISHED_CHANNEL, sent as JSON. */
export interface FlowPublishedNotice {
  tenantId: string;
  flowId: string;
  version: number;
}

/**
 * Announces a published version on FLOW_PUBLISHED_CHANNEL. PostgreSQL delivers the notification
 * when the scope's transaction commits and drops it on rollback, so listeners never hear of a
 * version they cannot read yet.
 */
export async function notifyFlowPublished(scope: TenantScope, notice: { flowId: string; version: number }): Promise<void> {
  const payload: FlowPublishedNotice = { tenantId: scope.tenantId, flowId: notice.flowId, version: notice.version };

  await scope.tx.execute(sql`select pg_notify(${FLOW_PUBLISHED_CHANNEL}, ${JSON.stringify(payload)})`);
}

/**
 * Publishes a draft as publishDraft does and announces the new version in the same transaction,
 * so runtimes that listen start new calls on it without a restart.
 */
export async function publishDraftAndNotify(
  scope: TenantScope,
  input: Parameters<typeof publishDraft>[1],
): Promise<{ version: number; publishedAt: Date }> {
  const published = await publishDraft(scope, input);

  await notifyFlowPublished(scope, { flowId: input.flowId, version: published.version });
  return published;
}

/** Returns the notice in a notification payload, or undefined when the payload is malformed. */
export function parseFlowPublishedNotice(payload: string | undefined): FlowPublishedNotice | undefined {
  try {
    const value = JSON.parse(payload ?? "") as Partial<FlowPublishedNotice>;

    if (typeof value.tenantId === "string" && typeof value.flowId === "string" && Number.isInteger(value.version)) {
      return { tenantId: value.tenantId, flowId: value.flowId, version: value.version as number };
    }
  } catch {
    // A payload that is not JSON is reported below like any other malformed one.
  }
  return undefined;
}

/** Options of listenForFlowPublications. */
export interface FlowPublicationListenerOptions {
  /** PostgreSQL connection URL. The listener opens one connection of its own. */
  url: string;
  /** Receives each well-formed notice. */
  onPublished: (notice: FlowPublishedNotice) => void;
  /**
   * Called after the connection was lost and opened again. Notices sent in between are lost, so
   * the caller must treat everything it cached as possibly stale.
   */
  onReconnected?: () => void;
  /** Receives connection failures and malformed payloads. Default: written to stderr. */
  onError?: (error: Error) => void;
  /** Milliseconds before the first reconnection attempt; doubles up to 30 s. Default 250. */
  retryDelayMs?: number;
}

/** A running listener; see listenForFlowPublications. */
export interface FlowPublicationListener {
  /** Resolves once the first LISTEN is in place; rejects when the first connection fails. */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Listens on FLOW_PUBLISHED_CHANNEL with a dedicated connection, and reconnects with a growing
 * delay when the connection drops.
 */
export function listenForFlowPublications(options: FlowPublicationListenerOptions): FlowPublicationListener {
  const report = options.onError ?? ((error: Error) => console.error(`callflow db: flow publication listener: ${error.message}`));
  const initialDelay = options.retryDelayMs ?? 250;
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = initialDelay;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });

    next.on("notification", (message) => {
      const notice = parseFlowPublishedNotice(message.payload);

      if (notice) options.onPublished(notice);
      else report(new Error(`malformed payload on ${FLOW_PUBLISHED_CHANNEL}: ${String(message.payload)}`));
    });
    next.on("error", (error) => {
      report(error);
      void next.end().catch(() => undefined);
      scheduleReconnect(next);
    });
    next.on("end", () => scheduleReconnect(next));

    client = next;
    await next.connect();
    await next.query(`listen ${FLOW_PUBLISHED_CHANNEL}`);
  };

  const scheduleReconnect = (lost: pg.Client): void => {
    if (closed || client !== lost || retryTimer) return;

    client = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          delay = initialDelay;
          options.onReconnected?.();
        },
        (error: Error) => {
          report(error);
          delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
          if (client) scheduleReconnect(client);
        },
      );
    }, delay);
  };

  // A failed first connection is the caller's to handle, so nothing retries it.
  const ready = connect().catch(async (error: unknown) => {
    closed = true;
    clearTimeout(retryTimer);
    await client?.end().catch(() => undefined);
    throw error;
  });

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}
