import type { TimerHandle } from "@callflow/sdk";

import type { DialplanRun } from "../engine/dialplan-run.js";
import type { RemoteParty } from "../engine/remote-party.js";
import type { SimBridge } from "./bridge.js";
import type { SimPlayback } from "./playback.js";
import type { SimRecording } from "./recording.js";

/** Channel states as Asterisk's `ast_state2str` names them. */
export type ChannelState = "Down" | "Rsrvd" | "OffHook" | "Dialing" | "Ring" | "Ringing" | "Up" | "Busy";

export interface PartyId {
  name: string;
  number: string;
}

/** Dialplan location and running application, the `DialplanCEP` of a channel snapshot. */
export interface DialplanPosition {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/**
 * Kind of channel. `local1` and `local2` are the halves of a Local pair: `local1` is the
 * half that was originated or created, `local2` runs the dialplan of the extension. `inbound` is
 * a call from a phone, started by a test.
 */
export type ChannelKind = "local1" | "local2" | "inbound";

/** The dial in progress on a `local1` half: an originate, or `POST /channels/{id}/dial`. */
export interface OutboundDial {
  mode: "originate" | "dial";
  /** What the half does once answered: enter an application, run dialplan, or stay in Stasis. */
  then: { kind: "app"; app: string; args: string[] } | { kind: "dialplan"; context: string; exten: string; priority: number } | { kind: "stay" };
  timer?: TimerHandle;
  /** `dialstring` goes on the first Dial event only. */
  dialstring: string;
}

/** One channel of the simulated Asterisk. */
export class SimChannel {
  state: ChannelState;
  caller: PartyId = { name: "", number: "" };
  connected: PartyId = { name: "", number: "" };
  callerRdnis = "";
  accountcode = "";
  language = "en";
  protocolId = "";
  dialplan: DialplanPosition;
  readonly variables = new Map<string, string>();
  /** Applications subscribed to this channel explicitly: by originate, create or a subscription request. */
  readonly subscribers = new Set<string>();
  /** Set while the channel is in a Stasis application. `viaStasisApp` is false for `POST /channels/create`. */
  stasis?: { app: string; args: string[]; viaStasisApp: boolean };
  peer?: SimChannel;
  remote?: RemoteParty;
  bridge?: SimBridge;
  outbound?: OutboundDial;
  run?: DialplanRun;
  /** Playbacks on this channel in queue order; the first is the one playing or paused. */
  readonly playbacks: SimPlayback[] = [];
  recording?: SimRecording;
  /** Whether the far end sends audio; without it Answer() waits and recordings give up. */
  media: boolean;
  /** Intervals (virtual ms) in which the caller talks, for silence detection in recordings. */
  readonly talk: Array<{ start: number; end: number }> = [];
  /** Q.850 cause set by the channel's own dialplan (Busy(), Hangup(21)), used when it is destroyed. */
  ownCause?: number;
  hangupCause = 0;
  hangingUp = false;
  destroyed = false;
  mohClass?: string;
  onHold = false;
  silence = false;
  /** Extension run by an inbound call that the dialplan table does not define. */
  syntheticExtension?: { context: string; exten: string; steps: import("../engine/dialplan-table.js").DialplanStep[] };

  constructor(
    readonly id: string,
    readonly name: string,
    readonly kind: ChannelKind,
    readonly creationTime: number,
    init: { state: ChannelState; dialplan: DialplanPosition; media: boolean },
  ) {
    this.state = init.state;
    this.dialplan = init.dialplan;
    this.media = init.media;
  }

  /** Applications that receive this channel's events now. */
  recipients(): Set<string> {
    const apps = new Set(this.subscribers);

    if (this.stasis) apps.add(this.stasis.app);
    return apps;
  }

  get alive(): boolean {
    return !this.destroyed && !this.hangingUp;
  }
}
