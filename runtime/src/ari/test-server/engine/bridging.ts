import type { AsteriskCore } from "../core/asterisk.js";
import { SimBridge } from "../core/bridge.js";
import type { SimChannel } from "../core/channel.js";
import { setVariable } from "./variables.js";

export function createBridge(core: AsteriskCore, id: string, types: string[], name: string): SimBridge {
  const bridge = new SimBridge(id, types, name, core.now());

  core.bridges.set(id, bridge);
  return bridge;
}

/**
 * Adds a channel to a bridge. A channel already in this bridge leaves and enters again; one in
 * another bridge is moved. With two or more inside, every member's `BRIDGEPEER` is set again.
 */
export function addToBridge(core: AsteriskCore, bridge: SimBridge, channel: SimChannel): void {
  if (channel.bridge) leaveBridge(core, channel);

  bridge.channels.push(channel);
  channel.bridge = bridge;
  core.publish(
    "ChannelEnteredBridge",
    { bridge: core.bridgeJson(bridge), channel: core.channelJson(channel) },
    { channels: [channel], bridge },
  );
  updateBridgePeers(core, bridge);
}

/**
 * Takes a channel out of its bridge: `BRIDGEPEER` is cleared on it (when it had a peer), then
 * `ChannelLeftBridge`. The members left behind keep their variables unless two or more remain.
 */
export function leaveBridge(core: AsteriskCore, channel: SimChannel): void {
  const bridge = channel.bridge;

  if (!bridge) return;
  if ((channel.variables.get("BRIDGEPEER") ?? "") !== "") setVariable(core, channel, "BRIDGEPEER", "");
  bridge.channels.splice(bridge.channels.indexOf(channel), 1);
  channel.bridge = undefined;
  core.publish(
    "ChannelLeftBridge",
    { bridge: core.bridgeJson(bridge), channel: core.channelJson(channel) },
    { channels: [channel], bridge },
  );
  if (bridge.channels.length >= 2) updateBridgePeers(core, bridge);
}

/**
 * `DELETE /bridges/{id}`: members leave and stay in Stasis. `BridgeDestroyed` goes only to
 * applications subscribed to the bridge itself.
 */
export function destroyBridge(core: AsteriskCore, bridge: SimBridge): void {
  for (const channel of [...bridge.channels]) leaveBridge(core, channel);
  core.bridges.delete(bridge.id);
  if (bridge.subscribers.size > 0) core.publish("BridgeDestroyed", { bridge: core.bridgeJson(bridge) }, { apps: bridge.subscribers });
}

/** Sets `BRIDGEPEER` on each member to the names of the others, as Asterisk's bridge core does. */
function updateBridgePeers(core: AsteriskCore, bridge: SimBridge): void {
  if (bridge.channels.length < 2) return;
  for (const channel of bridge.channels) {
    const others = bridge.channels.filter((other) => other !== channel).map((other) => other.name);

    setVariable(core, channel, "BRIDGEPEER", others.join(","));
  }
}
