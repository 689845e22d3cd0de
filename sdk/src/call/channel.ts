/** Media for one prompt, after the call has picked the spoken language and rendered the text. */
export interface MediaRequest {
  /** Spoken-language tag the media is in. */
  language: string;
  /** Text to speak (TTS) or the transcript of recorded audio. */
  text?: string;
  /** Recorded audio, such as `sound:custom/welcome` or `recording:greeting`. */
  uri?: string;
  /** Known length of recorded audio in milliseconds, when the prompt library states it. */
  durationMs?: number;
}

/** End of a playback: `done` at the end, `stopped` by the call (barge-in), `failed` on hang-up or bad media. */
export type PlaybackResult = "done" | "stopped" | "failed";

/** Options of a voicemail-style recording. */
export interface RecordOptions {
  /** Recording name, unique per tenant; the file Asterisk stores. */
  name: string;
  /** Maximum length in seconds; 0 for no limit. */
  maxDurationSeconds: number;
  /** Seconds of silence that end the recording; 0 to ignore silence. */
  maxSilenceSeconds: number;
  /** Play a beep before recording starts. */
  beep: boolean;
  /** Key that stops the recording: `#`, `*`, `any` or `none`. */
  terminateOn: "#" | "*" | "any" | "none";
}

/** Outcome and length of a recording. */
export interface RecordResult {
  name: string;
  /** Length in whole seconds, as Asterisk reports it. */
  durationSeconds: number;
  outcome: "done" | "hangup" | "failed";
}

/** An outbound leg to bridge with the caller. */
export interface DialRequest {
  /** Endpoint such as `PJSIP/1001`, `Local/0912345678@outbound` or `PJSIP/0223456789@carrier`. */
  endpoint: string;
  /** Caller id shown to the called party (the tenant's outbound number). */
  callerId?: string;
  /** Seconds to ring before giving up. */
  timeoutSeconds: number;
  /** Channel variables set on the outbound leg (the data packet for the agent or far end). */
  variables?: Record<string, string>;
}

/**
 * Result of a dialed transfer. `answered` means the legs were bridged and the far side has
 * since hung up with the caller still on the line.
 */
export type DialOutcome = "answered" | "noAnswer" | "busy" | "failed";

/** Events a channel delivers to the call that owns it. */
export interface ChannelListener {
  /** One DTMF key, `0`-`9`, `*`, `#` or `A`-`D`, at the end of the tone. */
  digit(digit: string): void;
  /** The caller hung up or the channel was lost. Fires once. */
  hangup(cause?: number): void;
}

/**
 * The telephony side of one call. Adapters (simulated, ARI) implement it; input semantics
 * (type-ahead, barge-in, digit timeouts) live above it in {@link CallControl}, so every adapter
 * behaves the same.
 */
export interface Channel {
  readonly callId: string;
  /** Calling number (ANI) as the network gave it. */
  readonly caller: string;
  /** Called number (DNIS). */
  readonly called: string;
  /** Channel variables present when the call arrived. */
  readonly variables: Readonly<Record<string, string>>;
  attach(listener: ChannelListener): void;
  /**
   * Tells the channel the tenant whose flow takes the call, before the flow runs. An adapter that
   * fetches media from the tenant's storage, such as uploaded prompt audio, reads it with this tenant.
   */
  bindTenant?(tenantId: string): void;
  answer(): Promise<void>;
  /** Hangs up with a Q.850 cause (16 normal clearing by default). */
  hangup(cause?: number): Promise<void>;
  /**
   * Plays media; aborting `signal` stops it and resolves `stopped`. CallControl passes one
   * signal to prompt after prompt until one is stopped, so an abort must only stop a playback
   * still in progress, never one that already settled.
   */
  play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult>;
  /** Records the caller (voicemail); aborting `signal` stops and keeps what was recorded. */
  record(options: RecordOptions, signal: AbortSignal): Promise<RecordResult>;
  /**
   * Dials an outbound leg and bridges it with the caller on answer. Aborting `signal` hangs up
   * the leg and keeps the caller: the result is then `answered` if the leg had been bridged,
   * else `failed`.
   */
  dial(request: DialRequest, signal: AbortSignal): Promise<DialOutcome>;
  /**
   * Puts the caller on hold: out of the bridge of a dialed leg (which stays up) and hearing music
   * on hold. The end of the dial takes the caller off hold. Adapters without it cannot hold.
   */
  hold?(): Promise<void>;
  /** Takes the caller off hold and back into the bridge of the dialed leg, if it is still up. */
  resume?(): Promise<void>;
  /** Hands the call back to the dialplan (blind transfer); the flow's part of the call ends. */
  continueInDialplan(target: { context: string; extension: string; priority: number }): Promise<void>;
  /** Sends DTMF keys to the caller's side (e.g. to a far IVR). */
  sendDtmf(keys: string): Promise<void>;
  setVariable(name: string, value: string): Promise<void>;
  /** Reads a channel variable or dialplan function such as `CALLERID(num)`; undefined when unset. */
  getVariable(name: string): Promise<string | undefined>;
}

/** Thrown by call operations once the caller has hung up. The interpreter moves to `onHangup`. */
export class CallHangupError extends Error {
  readonly code = "call-hangup";

  constructor() {
    super("the caller hung up");
    this.name = "CallHangupError";
  }
}
