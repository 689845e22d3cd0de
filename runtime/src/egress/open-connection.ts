import { connect as connectTcp, isIP, type Socket } from "node:net";
import { checkServerIdentity, connect as connectTls, type ConnectionOptions } from "node:tls";

import type { CheckedDestination } from "./egress-guard.js";

/** Opens a socket to a destination the guard checked; tests replace it to watch connection attempts. */
export type OpenConnection = (destination: CheckedDestination, tls?: ConnectionOptions) => Socket;

/**
 * Connects to the checked address, never to the host name, so nothing resolves the name a
 * second time. With `tls`, the certificate is still verified against the configured host name,
 * which is also sent as SNI.
 */
export const openConnection: OpenConnection = (destination, tls) => {
  const { address, port, host } = destination;

  if (tls === undefined) return connectTcp({ host: address, port });
  return connectTls({
    ...tls,
    host: address,
    port,
    // SNI carries names only (RFC 6066); an IP host is verified against the certificate's IP entries.
    servername: isIP(host) === 0 ? host : undefined,
    checkServerIdentity: (_name, certificate) => checkServerIdentity(host, certificate),
  });
};
