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

/** How playback ended: to the end, stopped by the call (barge-in), or failed (hang-up, bad media). */
export type PlaybackResult = "done" | "stopped" | "failed";

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
  answer(): Promise<void>;
  /** Hangs up with a Q.850 cause (16 normal clearing by default). */
  hangup(cause?: number): Promise<void>;
  /** Plays media; aborting `signal` stops it and resolves `stopped`. */
  play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult>;
}

/** Thrown by call operations once the caller has hung up. The interpreter moves to `onHangup`. */
export class CallHangupError extends Error {
  readonly code = "call-hangup";

  constructor() {
    super("the caller hung up");
    this.name = "CallHangupError";
  }
}
