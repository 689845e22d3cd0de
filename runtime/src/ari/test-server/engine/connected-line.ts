import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";

export function publishConnectedLine(core: AsteriskCore, channel: SimChannel): void {
  core.publish("ChannelConnectedLine", { channel: core.channelJson(channel) }, { channels: [channel] });
}
