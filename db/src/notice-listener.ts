import pg from "pg";

const MAX_RETRY_DELAY_MS = 30_000;

/** Options of listenOnChannel. */
export interface ChannelListenerOptions {
  /** PostgreSQL connection URL. The listener opens one connection of its own. */
  url: string;
  /** NOTIFY channel name; a constant of this package, never user input. */
  channel: string;
  /** Receives the payload of each notification. */
  onPayload: (payload: string | undefined) => void;
  /**
   * Called after the connection was lost and opened again. Notifications sent in between are
   * lost, so the caller must treat everything it cached as possibly stale.
   */
  onReconnected?: () => void;
  /** Receives connection failures. */
  onError: (error: Error) => void;
  /** Milliseconds before the first reconnection attempt; doubles up to 30 s. Default 250. */
  retryDelayMs?: number;
}

/** A running listener; see listenOnChannel. */
export interface ChannelListener {
  /** Resolves once the first LISTEN is in place; rejects when the first connection fails. */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/**
 * Listens on a NOTIFY channel with a dedicated connection, and reconnects with a growing delay
 * when the connection drops.
 */
export function listenOnChannel(options: ChannelListenerOptions): ChannelListener {
  const report = options.onError;
  const initialDelay = options.retryDelayMs ?? 250;
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = initialDelay;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });

    next.on("notification", (message) => options.onPayload(message.payload));
    next.on("error", (error) => {
      report(error);
      void next.end().catch(() => undefined);
      scheduleReconnect(next);
    });
    next.on("end", () => scheduleReconnect(next));

    client = next;
    await next.connect();
    await next.query(`listen ${options.channel}`);
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
