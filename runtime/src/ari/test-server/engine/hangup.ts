import type { AsteriskCore } from "../core/asterisk.js";
import { causeText, dialStatusForCause, SOFT_HANGUP_DIALPLAN_DONE, SOFT_HANGUP_EXPLICIT } from "../core/causes.js";
import type { SimChannel } from "../core/channel.js";
import { stopDialplan } from "./dialplan-run.js";
import { endStasis } from "./stasis.js";

/**
 * Cause of a hang-up. The kind decides the `ChannelHangupRequest` that opens it:
 * - `explicit`: `DELETE /channels/{id}` or a dial timeout; soft, cause 32 (a flag, not Q.850).
 * - `remote`: the far end hung up (the phone of an inbound call); hard, with the Q.850 cause.
 * - `dialplan-end`: the channel's dialplan ran out; soft, cause 16.
 * - `direct`: torn down with no request at all (a failed or timed-out originate).
 * `cause` is the Q.850 cause the channel is destroyed with.
 */
export interface HangupTrigger {
  kind: "explicit" | "remote" | "dialplan-end" | "direct";
  cause: number;
}

/**
 * Hangs up a channel with the event order measured on Asterisk 22. First come the request and
 * `StasisEnd` (bridge and playback events before it), then a soft request 16 when a dialplan
 * channel was hung up explicitly. The hard request on the other half of a Local pair follows,
 * then `ChannelDestroyed`, and last the other half's own end.
 */
export function hangUp(core: AsteriskCore, channel: SimChannel, trigger: HangupTrigger): void {
  if (!channel.alive) return;
  channel.hangingUp = true;
  channel.hangupCause = trigger.cause;
  stopDialplan(core, channel);

  if (trigger.kind === "explicit") publishRequest(core, channel, SOFT_HANGUP_EXPLICIT, true);
  if (trigger.kind === "remote") publishRequest(core, channel, trigger.cause, false);
  if (trigger.kind === "dialplan-end") publishRequest(core, channel, SOFT_HANGUP_DIALPLAN_DONE, true);

  if (channel.outbound) {
    core.cancel(channel.outbound.timer);
    if (trigger.kind !== "direct") publishDial(core, channel, dialStatusForCause(trigger.cause));
    channel.outbound = undefined;
  }
  if (channel.stasis) {
    endStasis(core, channel, "hangup");
    // The dialplan that ran Stasis() then finds the hang-up pending and finishes.
    if (trigger.kind === "explicit" && channel.kind !== "local1") publishRequest(core, channel, SOFT_HANGUP_DIALPLAN_DONE, true);
  }

  const peer = channel.peer?.alive ? channel.peer : undefined;

  if (peer) publishRequest(core, peer, trigger.cause, false);
  channel.remote?.hungUp(trigger.cause, channel.remote.answered ? "ANSWER" : dialStatusForCause(trigger.cause));
  destroy(core, channel, trigger.cause);
  if (peer) endAfterPeer(core, peer, trigger.cause);
}

/**
 * Ends the other half of a Local pair after its peer was destroyed. A half still dialing reports
 * its dial status. A half in `Busy()` or `Congestion()` finishes its dialplan (soft request 16)
 * and keeps its own cause, and any other half takes the peer's cause.
 */
function endAfterPeer(core: AsteriskCore, channel: SimChannel, cause: number): void {
  if (!channel.alive) return;
  channel.hangingUp = true;

  const reactsBySoftHangup = channel.run?.currentApp === "Busy" || channel.run?.currentApp === "Congestion";

  stopDialplan(core, channel);
  if (channel.outbound) {
    core.cancel(channel.outbound.timer);
    publishDial(core, channel, dialStatusForCause(cause));
    channel.outbound = undefined;
  }
  if (channel.stasis) endStasis(core, channel, "hangup");
  if (reactsBySoftHangup) publishRequest(core, channel, SOFT_HANGUP_DIALPLAN_DONE, true);
  destroy(core, channel, channel.ownCause ?? cause);
}

/** Destroys both halves of a Local call whose extension does not exist: no request, no Dial. */
export function failLocalCall(core: AsteriskCore, local1: SimChannel, local2: SimChannel): void {
  for (const channel of [local2, local1]) {
    channel.hangingUp = true;
    stopDialplan(core, channel);
    core.cancel(channel.outbound?.timer);
    channel.outbound = undefined;
    destroy(core, channel, 0);
  }
}

function publishRequest(core: AsteriskCore, channel: SimChannel, cause: number, soft: boolean): void {
  const fields: Record<string, unknown> = { cause, channel: core.channelJson(channel) };

  if (soft) fields.soft = true;
  core.publish("ChannelHangupRequest", fields, { channels: [channel] });
}

/** Sends `Dial` for a leg being dialed; only the first one of a dial carries the `dialstring`. */
export function publishDial(core: AsteriskCore, channel: SimChannel, dialstatus: string): void {
  const dialstring = channel.outbound?.dialstring ?? "";

  if (channel.outbound) channel.outbound.dialstring = "";
  core.publish("Dial", { dialstatus, forward: "", dialstring, peer: core.channelJson(channel) }, { channels: [channel] });
}

function destroy(core: AsteriskCore, channel: SimChannel, cause: number): void {
  channel.hangupCause = cause;
  channel.destroyed = true;
  core.publish("ChannelDestroyed", { cause, cause_txt: causeText(cause), channel: core.channelJson(channel) }, { channels: [channel] });
  core.channels.delete(channel.id);
  channel.subscribers.clear();
}
