import type { Clock, TimerHandle } from "../clock.js";
import type { EvaluationEnvironment } from "../expression.js";
import type { PreparedPrompt } from "../prompt.js";
import type { PromptOutcome, TraceEventInput } from "../trace.js";
import {
  CallHangupError,
  type Channel,
  type DialOutcome,
  type DialRequest,
  type MediaRequest,
  type PlaybackResult,
  type RecordOptions,
  type RecordResult,
} from "./channel.js";

/** Default capacity of the type-ahead buffer, in keys. */
export const DEFAULT_TYPE_AHEAD_LIMIT = 30;

/** Options of {@link CallControl.play}. */
export interface PlayOptions {
  /** A key stops the prompt and stays in the type-ahead buffer as input. Default true. */
  bargeIn?: boolean;
  /** Node that plays the prompt, for the trace. */
  nodeId: string;
}

/** Options of a {@link CallControl}. */
export interface CallControlOptions {
  channel: Channel;
  clock: Clock;
  /** Spoken language the call starts in. */
  language: string;
  /** Writes trace events (time and call id are added by the caller of this hook). */
  trace: (event: TraceEventInput) => void;
  /** Variables that prompt templates read. */
  variables: () => object;
  /**
   * Variables that the prompt text written to the trace is rendered from, with sensitive values
   * redacted. Default: the text the caller hears.
   */
  traceVariables?: () => object;
  typeAheadLimit?: number;
}

// Reason of every stopped playback. Without a reason, abort() builds a DOMException, whose stack
// trace costs microseconds on each barge-in and on each call that ends during a prompt.
const PLAYBACK_STOPPED = Object.freeze({ name: "PlaybackStopped" });

interface DigitWaiter {
  resolve(digit: string | null): void;
  reject(error: Error): void;
  timer: TimerHandle | undefined;
}

/**
 * Call operations that nodes use, with the input semantics shared by every channel adapter:
 * - every key goes to a type-ahead buffer (30 keys by default; more are dropped), which the
 *   next input node reads;
 * - a key during a barge-in prompt stops it and stays in the buffer; a barge-in prompt is
 *   skipped when the buffer already holds keys, so a caller who knows the path can key it at once;
 * - keys during a prompt without barge-in are discarded;
 * - after the caller hangs up, every operation rejects with {@link CallHangupError}.
 */
export class CallControl {
  readonly channel: Channel;
  // Made on the first read of `signal`: most calls never read it, and building an
  // AbortController costs about 2 µs, a large part of a short call's setup.
  private abortController: AbortController | undefined;
  private hungUpByCaller = false;
  private readonly clock: Clock;
  private readonly trace: (event: TraceEventInput) => void;
  private readonly variables: () => object;
  private readonly traceVariables: (() => object) | undefined;
  private readonly typeAheadLimit: number;
  private readonly buffer: string[] = [];
  private waiter: DigitWaiter | undefined;
  private discardKeys = false;
  private currentLanguage: string;
  private playback: AbortController | undefined;
  // The dial of a transfer in progress, and the error of an interrupt that ended it.
  private dialing: { control: AbortController; interruptedBy?: Error } | undefined;
  // The last prompt's controller, when nothing aborted it: the next prompt reuses it, because
  // building an AbortController allocates about 1 KB and most prompts end unstopped.
  private unusedPlayback: AbortController | undefined;
  private playbackBargeIn = false;
  private flowHungUp = false;
  private handedToDialplan = false;
  private answeredTime: number | undefined;

  constructor(options: CallControlOptions) {
    this.channel = options.channel;
    this.clock = options.clock;
    this.trace = options.trace;
    this.variables = options.variables;
    this.traceVariables = options.traceVariables;
    this.typeAheadLimit = options.typeAheadLimit ?? DEFAULT_TYPE_AHEAD_LIMIT;
    this.currentLanguage = options.language;
    this.channel.attach({ digit: (d) => this.onDigit(d), hangup: () => this.onHangup() });
  }

  /** Spoken language prompts are played in. */
  get language(): string {
    return this.currentLanguage;
  }

  /** Aborted when the caller hangs up. */
  get signal(): AbortSignal {
    if (this.abortController === undefined) {
      this.abortController = new AbortController();
      if (this.hungUpByCaller) this.abortController.abort(new CallHangupError());
    }
    return this.abortController.signal;
  }

  /** True once the caller hung up or the flow hung up. */
  get ended(): boolean {
    return this.hungUpByCaller || this.flowHungUp;
  }

  /** True once the caller hung up. */
  get callerHungUp(): boolean {
    return this.hungUpByCaller;
  }

  /** Clock time at which the channel was first answered, or undefined while it is not. */
  get answeredAt(): number | undefined {
    return this.answeredTime;
  }

  /** True once the flow handed the call to the dialplan. */
  get continuedInDialplan(): boolean {
    return this.handedToDialplan;
  }

  /** Keys waiting in the type-ahead buffer. */
  get bufferedKeys(): string {
    return this.buffer.join("");
  }

  setLanguage(language: string): void {
    this.currentLanguage = language;
    this.trace({ type: "language.changed", language });
  }

  // answer and hangup hand back the channel's promise rather than awaiting it in an async
  // frame of their own, because every call runs both.
  answer(): Promise<void> {
    if (this.ended) return Promise.reject(new CallHangupError());
    return this.channel.answer().then(this.markAnswered);
  }

  private readonly markAnswered = (): void => {
    this.answeredTime ??= this.clock.now();
  };

  hangup(cause = 16): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.flowHungUp = true;
    this.rejectWaiter();
    return this.channel.hangup(cause);
  }

  /**
   * Records the caller (voicemail). Keys pressed while recording end it when they match
   * `terminateOn` and never reach the type-ahead buffer.
   *
   * @throws CallHangupError when the caller hangs up before recording starts
   */
  async record(options: RecordOptions, nodeId: string): Promise<RecordResult> {
    this.assertLive();
    const control = new AbortController();
    const onHangup = (): void => control.abort();

    this.signal.addEventListener("abort", onHangup, { once: true });
    this.discardKeys = true;
    try {
      const result = await this.channel.record(options, control.signal);

      this.trace({ type: "recording.finished", nodeId, name: result.name, durationSeconds: result.durationSeconds, outcome: result.outcome });
      return result;
    } finally {
      this.discardKeys = false;
      this.signal.removeEventListener("abort", onHangup);
    }
  }

  /**
   * Dials an outbound leg and bridges it with the caller. Resolves when the far side is gone
   * (`answered`) or never came (`noAnswer`, `busy`, `failed`).
   *
   * Aborting `options.signal` hangs up the leg and keeps the caller, such as when the agent on
   * the leg hangs up or transfers the call from the console.
   *
   * @throws CallHangupError when the caller hangs up, during ringing or the bridged call
   * @throws the error of {@link CallControl.interrupt}, which hangs up the leg
   */
  async transfer(request: DialRequest, nodeId: string, options: { signal?: AbortSignal } = {}): Promise<DialOutcome> {
    this.assertLive();
    if (options.signal?.aborted) return "failed";
    const control = new AbortController();
    const onHangup = (): void => control.abort();
    const dialing: { control: AbortController; interruptedBy?: Error } = { control };

    this.signal.addEventListener("abort", onHangup, { once: true });
    options.signal?.addEventListener("abort", onHangup, { once: true });
    this.discardKeys = true;
    this.dialing = dialing;
    try {
      const outcome = await this.channel.dial(request, control.signal);

      this.trace({ type: "transfer.finished", nodeId, endpoint: request.endpoint, outcome });
      if (this.signal.aborted) throw new CallHangupError();
      if (dialing.interruptedBy !== undefined) throw dialing.interruptedBy;
      return outcome;
    } finally {
      this.dialing = undefined;
      this.discardKeys = false;
      this.signal.removeEventListener("abort", onHangup);
      options.signal?.removeEventListener("abort", onHangup);
    }
  }

  /**
   * Puts the caller on hold with music on hold, out of the bridge of a transfer in progress.
   *
   * @throws CallHangupError once the caller has hung up
   * @throws Error when the channel cannot hold calls
   */
  async hold(): Promise<void> {
    this.assertLive();
    if (this.channel.hold === undefined) throw new Error("hold is not supported by this call's channel adapter; use the ARI or the simulated channel");
    await this.channel.hold();
  }

  /** Takes the caller off hold; see {@link CallControl.hold}. */
  async resume(): Promise<void> {
    this.assertLive();
    if (this.channel.resume === undefined) throw new Error("hold is not supported by this call's channel adapter; use the ARI or the simulated channel");
    await this.channel.resume();
  }

  /** Hands the call to the dialplan (blind transfer). The flow's part of the call is over. */
  async continueInDialplan(target: { context: string; extension: string; priority: number }, nodeId: string): Promise<void> {
    this.assertLive();
    this.flowHungUp = true;
    this.handedToDialplan = true;
    this.rejectWaiter();
    this.trace({ type: "call.continued", nodeId, ...target });
    await this.channel.continueInDialplan(target);
  }

  async sendDtmf(keys: string): Promise<void> {
    this.assertLive();
    await this.channel.sendDtmf(keys);
  }

  async setChannelVariable(name: string, value: string): Promise<void> {
    this.assertLive();
    await this.channel.setVariable(name, value);
  }

  async getChannelVariable(name: string): Promise<string | undefined> {
    this.assertLive();
    return this.channel.getVariable(name);
  }

  /** Drops every buffered key. */
  clearBuffer(): void {
    this.buffer.length = 0;
  }

  /** Puts keys back at the front of the buffer (a menu that read past its match). */
  unreadKeys(keys: string): void {
    this.buffer.unshift(...keys);
    if (this.buffer.length > this.typeAheadLimit) this.buffer.length = this.typeAheadLimit;
  }

  /**
   * Takes the next key: at once from the buffer, or the first pressed within `timeoutMs`.
   *
   * @returns the key, or null when the time ran out
   * @throws CallHangupError when the caller hangs up
   */
  nextKey(timeoutMs: number): Promise<string | null> {
    this.assertLive();
    if (this.buffer.length > 0) return Promise.resolve(this.buffer.shift()!);
    if (this.waiter) throw new Error("nextKey called while another read is waiting");
    return new Promise((resolve, reject) => {
      const waiter: DigitWaiter = { resolve, reject, timer: undefined };

      waiter.timer = this.clock.setTimer(timeoutMs, () => {
        this.waiter = undefined;
        resolve(null);
      });
      this.waiter = waiter;
    });
  }

  /**
   * Plays a prompt in the call's language (or the first language the prompt has).
   *
   * @throws CallHangupError when the caller hangs up before or during the prompt
   */
  async play(prompt: PreparedPrompt, options: PlayOptions): Promise<PromptOutcome> {
    this.assertLive();
    const bargeIn = options.bargeIn ?? true;
    // Recorded prompts and plain text resolve without a template, so they skip the awaits.
    const resolved = this.mediaNow(prompt);
    const media = resolved instanceof Promise ? await resolved : resolved;
    const tracedText = this.traceTextNow(prompt, media);
    const text = tracedText instanceof Promise ? await tracedText : tracedText;

    if (bargeIn && this.buffer.length > 0) {
      this.tracePrompt(options.nodeId, media, text, "skipped");
      return "skipped";
    }
    const playback = this.unusedPlayback ?? new AbortController();
    let result: PlaybackResult;

    this.unusedPlayback = undefined;
    this.playback = playback;
    this.playbackBargeIn = bargeIn;
    this.discardKeys = !bargeIn;
    try {
      result = await this.channel.play(media, playback.signal);
    } finally {
      this.playback = undefined;
      this.discardKeys = false;
      if (!playback.signal.aborted) this.unusedPlayback = playback;
    }
    const outcome: PromptOutcome = this.hungUpByCaller || result === "failed" ? "failed" : result === "stopped" ? "interrupted" : "played";

    this.tracePrompt(options.nodeId, media, text, outcome);
    // A failed playback on a live call is bad media; one on a dead call is the hang-up.
    if (this.hungUpByCaller) throw new CallHangupError();
    return outcome;
  }

  /** Resolves what a prompt plays in the call's current language. */
  async resolveMedia(prompt: PreparedPrompt): Promise<MediaRequest> {
    return this.mediaNow(prompt);
  }

  // Returns the media at once unless a template has to be rendered.
  private mediaNow(prompt: PreparedPrompt): MediaRequest | Promise<MediaRequest> {
    let language = this.currentLanguage;
    let entry = prompt.languages.get(language);

    if (entry === undefined) {
      const first = prompt.languages.entries().next().value;

      if (first === undefined) return { language };
      [language, entry] = first;
    }
    if (entry.template === undefined) return { language, text: entry.text, uri: entry.uri, durationMs: entry.durationMs };
    const environment: EvaluationEnvironment = { now: () => this.clock.now() };
    const { uri, durationMs } = entry;

    return entry.template.render(this.variables(), environment).then((text) => ({ language, text, uri, durationMs }));
  }

  /**
   * Interrupts whatever the call is waiting on (a key, a prompt, a transfer's dial, whose leg
   * it hangs up) with `error`, for a runtime that must end the call (shutdown). Later
   * operations still work, so a goodbye can play.
   */
  interrupt(error: Error): void {
    this.rejectWaiter(error);
    this.playback?.abort(PLAYBACK_STOPPED);
    if (this.dialing !== undefined) {
      this.dialing.interruptedBy = error;
      this.dialing.control.abort();
    }
  }

  /** Stops timers and waiters; called by the session when the call is over. */
  dispose(): void {
    this.rejectWaiter();
    this.playback?.abort(PLAYBACK_STOPPED);
  }

  // The caller hears the real values, but the trace gets the text rendered from redacted ones.
  // Returns at once unless a template has to be rendered.
  private traceTextNow(prompt: PreparedPrompt, media: MediaRequest): string | undefined | Promise<string | undefined> {
    const template = prompt.languages.get(media.language)?.template;

    if (template === undefined || this.traceVariables === undefined) return media.text;
    // A placeholder such as $number(accountNo) can fail on "[redacted]" where the real value
    // rendered, so the template's source replaces the text.
    return template.render(this.traceVariables(), { now: () => this.clock.now() }).catch(() => template.source);
  }

  private tracePrompt(nodeId: string, media: MediaRequest, text: string | undefined, outcome: PromptOutcome): void {
    this.trace({ type: "prompt.played", nodeId, text, media: media.uri, language: media.language, outcome });
  }

  private onDigit(digit: string): void {
    if (this.ended) return;
    this.trace({ type: "input.digit", digit });
    if (this.discardKeys) return;
    if (this.playback && this.playbackBargeIn) this.playback.abort(PLAYBACK_STOPPED);
    if (this.waiter) {
      const waiter = this.waiter;

      this.waiter = undefined;
      if (waiter.timer !== undefined) this.clock.clearTimer(waiter.timer);
      waiter.resolve(digit);
      return;
    }
    if (this.buffer.length < this.typeAheadLimit) this.buffer.push(digit);
  }

  private onHangup(): void {
    if (this.hungUpByCaller) return;
    this.trace({ type: "input.hangup" });
    this.hungUpByCaller = true;
    this.abortController?.abort(new CallHangupError());
    this.playback?.abort(PLAYBACK_STOPPED);
    this.rejectWaiter();
  }

  // Without an error, rejects with a CallHangupError made only when a read is waiting: building
  // an error captures a stack trace, which costs microseconds, and every call ends through here.
  private rejectWaiter(error?: Error): void {
    const waiter = this.waiter;

    if (!waiter) return;
    this.waiter = undefined;
    if (waiter.timer !== undefined) this.clock.clearTimer(waiter.timer);
    waiter.reject(error ?? new CallHangupError());
  }

  private assertLive(): void {
    if (this.ended) throw new CallHangupError();
  }
}
