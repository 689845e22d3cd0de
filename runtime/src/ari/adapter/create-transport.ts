import { AriClientTransport } from "./ari-client-transport.js";
import type { AriClientKind, AriTransport, AriTransportOptions } from "./ari-transport.js";
import { ThinTransport } from "./thin-transport.js";

/** Creates the transport of the `kind` client library. */
export function createAriTransport(kind: AriClientKind, options: AriTransportOptions): AriTransport {
  return kind === "thin" ? new ThinTransport(options) : new AriClientTransport(options);
}
