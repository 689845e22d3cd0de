import type { CheckedDestination } from "../../../src/egress/egress-guard.js";
import { openConnection, type OpenConnection } from "../../../src/egress/open-connection.js";

/**
 * Builds an {@link OpenConnection} that records every destination it is asked to connect to and
 * connects only to 127.0.0.1: any other address throws before a socket exists, so a guard bug
 * fails the test instead of sending traffic elsewhere.
 */
export function watchedConnections(): { open: OpenConnection; opened: CheckedDestination[] } {
  const opened: CheckedDestination[] = [];
  const open: OpenConnection = (destination, tls) => {
    opened.push(destination);
    if (destination.address !== "127.0.0.1") throw new Error(`test tried to connect to ${destination.address}`);
    return openConnection(destination, tls);
  };

  return { open, opened };
}
