import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { leaveBridge } from "./bridging.js";
import { endPlaybacksOnHangup, stopPlaybacksOnContinue } from "./playback-engine.js";
import { endRecordingOnHangup } from "./recording-engine.js";
import { setVariable } from "./variables.js";

/**
 * Puts a channel into a Stasis application and sends `StasisStart`. `viaStasisApp` is true when
 * the dialplan application `Stasis()` does it (dialplan, or originate with `app`), which sets
 * `STASISSTATUS`; `POST /channels/create` does not. Returns false when the application has no
 * WebSocket: then `Stasis()` fails at once with `STASISSTATUS=FAILED`.
 */
export function enterStasis(core: AsteriskCore, channel: SimChannel, app: string, args: string[], viaStasisApp: boolean): boolean {
  if (!core.applications.isActive(app)) {
    if (viaStasisApp) setVariable(core, channel, "STASISSTATUS", "FAILED");
    return false;
  }

  if (viaStasisApp) setVariable(core, channel, "STASISSTATUS", "");
  channel.stasis = { app, args, viaStasisApp };
  core.publish("StasisStart", { args, channel: core.channelJson(channel) }, { channels: [channel] });
  startCallerScript(channel);
  return true;
}

/**
 * Takes a channel out of its application. A bridged channel leaves the bridge first; on a
 * hang-up its playbacks fail and its recording ends before `StasisEnd`. The application stays
 * subscribed only if it subscribed explicitly (originate, create), so a channel that entered by
 * dialplan sends nothing after `StasisEnd`.
 */
export function endStasis(core: AsteriskCore, channel: SimChannel, reason: "hangup" | "continue"): void {
  const stasis = channel.stasis;

  if (!stasis) return;

  const wasBridged = channel.bridge !== undefined;

  if (channel.bridge) {
    channel.bridge.subscribers.add(stasis.app);
    leaveBridge(core, channel);
  }
  if (reason === "hangup") {
    endPlaybacksOnHangup(core, channel, wasBridged);
    endRecordingOnHangup(core, channel);
  } else {
    stopPlaybacksOnContinue(core, channel);
  }

  core.publish("StasisEnd", { channel: core.channelJson(channel) }, { channels: [channel] });
  channel.stasis = undefined;
  if (stasis.viaStasisApp) setVariable(core, channel, "STASISSTATUS", "SUCCESS");
}

/** Hook run on every `StasisStart`; inbound calls use it to start their caller script once. */
const scriptStarters = new WeakMap<SimChannel, () => void>();

export function onFirstStasisStart(channel: SimChannel, start: () => void): void {
  scriptStarters.set(channel, start);
}

function startCallerScript(channel: SimChannel): void {
  const start = scriptStarters.get(channel);

  if (!start) return;
  scriptStarters.delete(channel);
  start();
}
