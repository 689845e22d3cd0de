import { sql } from "drizzle-orm";
import { publishDraft } from "./drafts.js";
import { listenOnChannel } from "./notice-listener.js";
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

/**
 * Listens on FLOW_PUBLISHED_CHANNEL with a dedicated connection, and reconnects with a growing
 * delay when the connection drops.
 */
export function listenForFlowPublications(options: FlowPublicationListenerOptions): FlowPublicationListener {
  const report = options.onError ?? ((error: Error) => console.error(`callflow db: flow publication listener: ${error.message}`));

  return listenOnChannel({
    url: options.url,
    channel: FLOW_PUBLISHED_CHANNEL,
    onPayload: (payload) => {
      const notice = parseFlowPublishedNotice(payload);

      if (notice) options.onPublished(notice);
      else report(new Error(`malformed payload on ${FLOW_PUBLISHED_CHANNEL}: ${String(payload)}`));
    },
    onReconnected: options.onReconnected,
    onError: report,
    retryDelayMs: options.retryDelayMs,
  });
}
