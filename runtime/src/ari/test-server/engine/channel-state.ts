import type { AsteriskCore } from "../core/asterisk.js";
import type { ChannelState, SimChannel } from "../core/channel.js";
import { runDialplan } from "./dialplan-run.js";
import { hangUp, publishDial } from "./hangup.js";
import { enterStasis } from "./stasis.js";

export function setState(core: AsteriskCore, channel: SimChannel, state: ChannelState): void {
  if (channel.state === state) return;
  channel.state = state;
  core.publish("ChannelStateChange", { channel: core.channelJson(channel) }, { channels: [channel] });
}

/**
 * Answers a channel. Answering the `;2` half of a Local pair answers the dialing `;1` half too:
 * both go Up (`;2` first, or `;1` first when `;1` was ringing, as measured), then `;1` reports
 * `Dial` ANSWER and does what its originate or dial asked.
 */
export function answerChannel(core: AsteriskCore, channel: SimChannel): void {
  if (channel.state === "Up") return;

  const peer = channel.peer;

  if (channel.kind === "local2" && peer?.alive && peer.outbound) {
    const order = peer.state === "Ringing" ? [peer, channel] : [channel, peer];

    for (const each of order) setState(core, each, "Up");
    outboundAnswered(core, peer);
    return;
  }
  setState(core, channel, "Up");
  channel.remote?.answer();
}

/** Progress a channel sends toward its caller: the dialing `;1` half, or an inbound phone. */
export type Indication = "ringing" | "progress" | "busy" | "congestion";

export function indicateUpstream(core: AsteriskCore, channel: SimChannel, indication: Indication): void {
  if (channel.kind === "inbound") {
    if (indication === "ringing") channel.remote?.ringing();
    if (indication === "progress") channel.remote?.progress();
    return;
  }

  const peer = channel.peer;

  if (channel.kind !== "local2" || !peer?.alive || !peer.outbound) return;
  if (indication === "ringing" && peer.state !== "Ringing") {
    setState(core, peer, "Ringing");
    publishDial(core, peer, "RINGING");
  }
  if (indication === "progress") publishDial(core, peer, "PROGRESS");
  if (indication === "busy") outboundFailed(core, peer, "BUSY");
  if (indication === "congestion") outboundFailed(core, peer, "CONGESTION");
}

/** Completes a dial the far side picked up: `Dial` ANSWER, then the originate's application or dialplan. */
function outboundAnswered(core: AsteriskCore, local1: SimChannel): void {
  const dial = local1.outbound!;

  core.cancel(dial.timer);
  publishDial(core, local1, "ANSWER");
  local1.outbound = undefined;

  const then = dial.then;

  if (then.kind === "app") {
    local1.dialplan = { ...local1.dialplan, app_name: "Stasis", app_data: [then.app, ...then.args].join(",") };
    if (!enterStasis(core, local1, then.app, then.args, true)) hangUp(core, local1, { kind: "direct", cause: 16 });
  }
  if (then.kind === "dialplan") runDialplan(core, local1, then.context, then.exten, then.priority);
}

/**
 * Ends a dial whose far side was busy or congested. An originate gives up and tears `;1` down with cause 0;
 * after `POST .../dial` the channel stays in Stasis, Down, until the application hangs it up.
 */
function outboundFailed(core: AsteriskCore, local1: SimChannel, dialstatus: string): void {
  const dial = local1.outbound!;

  core.cancel(dial.timer);
  publishDial(core, local1, dialstatus);
  local1.outbound = undefined;
  if (dial.mode === "originate") hangUp(core, local1, { kind: "direct", cause: 0 });
}
