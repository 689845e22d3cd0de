import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { AriError } from "../http/ari-response.js";

/** Finds a channel by id or name, or throws 404 "Channel not found". */
export function requireChannel(core: AsteriskCore, idOrName: string): SimChannel {
  const channel = core.findChannel(idOrName);

  if (!channel || !channel.alive) throw new AriError(404, "Channel not found");
  return channel;
}

/**
 * Finds a channel that is in a Stasis application, as Asterisk's `find_control` does: 404
 * "Channel not found" when it does not exist, 409 "Channel not in Stasis application" when it
 * exists outside Stasis.
 */
export function requireStasisChannel(core: AsteriskCore, idOrName: string): SimChannel {
  const channel = requireChannel(core, idOrName);

  if (!channel.stasis) throw new AriError(409, "Channel not in Stasis application");
  return channel;
}
