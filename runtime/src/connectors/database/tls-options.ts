import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions } from "node:tls";

import type { PoolTarget } from "./database-driver.js";

/**
 * TLS options for a connection to the checked address: the certificate is verified against the
 * configured host name, which is also sent as SNI, since the socket goes to an IP address.
 */
export function tlsOptionsFor(target: PoolTarget): ConnectionOptions | undefined {
  if (target.ssl === false) return undefined;
  return {
    rejectUnauthorized: target.ssl.rejectUnauthorized,
    ca: target.ssl.ca,
    // SNI carries names only (RFC 6066); an IP host is verified against the certificate's IP entries.
    servername: isIP(target.host) === 0 ? target.host : undefined,
    checkServerIdentity: (_name, certificate) => checkServerIdentity(target.host, certificate),
  };
}
