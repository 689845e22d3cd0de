import type { AriClient } from "ari-client";

import type { Logger } from "@callflow/sdk";

const guarded = new WeakSet<object>();

/**
 * Drops events whose type the server's API declarations do not describe. ari-client 2.2.0 looks
 * each event's model up and throws an uncaught TypeError inside its WebSocket handler when there
 * is none, which would end the process. Call on every (re)connect: each one has a new WebSocket.
 *
 * ari-client looks the model up before it emits anything, so for an unknown type its handler
 * throws having emitted nothing. The guard therefore runs the handler first and reads the
 * event's type only when it throws, which spares a second JSON.parse of every event.
 */
export function guardUnknownEvents(client: AriClient, logger: Logger): void {
  const ws = client._ws;

  if (!ws || guarded.has(ws)) return;
  guarded.add(ws);
  const original = ws.listeners("message") as Array<(...args: unknown[]) => void>;
  let dropped = 0;

  ws.removeAllListeners("message");
  ws.on("message", (...args: unknown[]) => {
    for (const listener of original) {
      try {
        listener.apply(ws, args);
      } catch (error) {
        const type = eventType(args[0]);

        if (type !== undefined && Object.hasOwn(client._swagger.apis.events.models, type)) {
          logger.error({ err: error, eventType: type }, "ARI event handler failed");
          continue;
        }
        // Count repeats so a server that streams unknown events does not flood the log.
        if (dropped++ % 100 === 0) logger.warn({ eventType: type ?? "(unparsable)", dropped }, "ARI event of unknown type dropped");
        return;
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
