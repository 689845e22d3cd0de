import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { receiveDtmf } from "../engine/dtmf.js";
import { hangUp } from "../engine/hangup.js";
import type { RemoteEntry, RemoteParty } from "../engine/remote-party.js";

/**
 * One step of a caller script, timed in virtual ms from the call's first `StasisStart`: keys
 * pressed, talking (for silence detection), or hanging up.
 */
export type CallerAction =
  | { atMs: number; dtmf: string; durationMs?: number; gapMs?: number }
  | { atMs: number; talkMs: number }
  | { atMs: number; hangup: true; cause?: number };

/** A test's handle on an inbound call: the phone's side of it. */
export class InboundCall {
  constructor(
    private readonly core: AsteriskCore,
    readonly channel: SimChannel,
    private readonly remote: RemoteParty,
  ) {}

  get channelId(): string {
    return this.channel.id;
  }

  /** Entries the phone received: ringing, early media, the answer, DTMF from the application, the hang-up. */
  get log(): readonly RemoteEntry[] {
    return this.remote.log;
  }

  /**
   * Presses keys now. Each digit reaches the application as `ChannelDtmfReceived` at the end of
   * its tone: digit i after `i * (durationMs + gapMs) + durationMs`.
   */
  pressKeys(digits: string, options: { durationMs?: number; gapMs?: number } = {}): void {
    const durationMs = options.durationMs ?? 100;
    const gapMs = options.gapMs ?? 100;

    [...digits].forEach((digit, index) => {
      this.core.after(index * (durationMs + gapMs) + durationMs, () => receiveDtmf(this.core, this.channel, digit, durationMs));
    });
  }

  /** Makes the caller talk for `ms` from now, which recordings with silence detection count as talking. */
  talk(ms: number): void {
    const start = this.core.now();

    this.channel.talk.push({ start, end: start + ms });
  }

  /** Hangs up from the phone: `ChannelHangupRequest` with the Q.850 cause (default 16) and no `soft`. */
  hangUp(cause = 16): void {
    hangUp(this.core, this.channel, { kind: "remote", cause });
  }

  /** Resolves when the call has ended, from either side. */
  ended(): Promise<RemoteEntry> {
    return this.remote.whenEnded();
  }

  /** Schedules a caller script; used when the call first enters Stasis. */
  runScript(script: CallerAction[]): void {
    for (const action of script) {
      this.core.after(action.atMs, () => {
        if (!this.channel.alive) return;
        if ("dtmf" in action) this.pressKeys(action.dtmf, action);
        else if ("talkMs" in action) this.talk(action.talkMs);
        else this.hangUp(action.cause);
      });
    }
  }
}
