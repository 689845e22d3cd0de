import type { AriClient } from "ari-client";

import type { Logger } from "@callflow/sdk";

const guarded = new WeakSet<object>();

/**
 * Drops events whose type the server's API declarations do not describe. ari-client 2.2.0 looks
 * each event's model up and throws an uncaught TypeError inside its WebSocket handler when there
 * is none, which would end the process. Call on every (re)connect: each one has a new WebSocket.
 */
export function guardUnknownEvents(client: AriClient, logger: Logger): void {
  const ws = client._ws;

  if (!ws || guarded.has(ws)) return;
  guarded.add(ws);
  const original = ws.listeners("message") as Array<(...args: unknown[]) => void>;
  let dropped = 0;

  ws.removeAllListeners("message");
  ws.on("message", (...args: unknown[]) => {
    const type = eventType(args[0]);

    if (type === undefined || !Object.hasOwn(client._swagger.apis.events.models, type)) {
      // Count repeats so a server that streams unknown events does not flood the log.
      if (dropped++ % 100 === 0) logger.warn({ eventType: type ?? "(unparsable)", dropped }, "ARI event of unknown type dropped");
      return;
    }
    for (const listener of original) {
      try {
        listener.apply(ws, args);
      } catch (error) {
        logger.error({ err: error, eventType: type }, "ARI event handler failed");
      }
    }
  });
}

function eventType(data: unknown): string | undefined {
  try {
    const event = JSON.parse(String(data)) as { type?: unknown };

    return typeof event.type === "string" ? event.type : undefined;
  } catch {
    return undefined;
  }
}
