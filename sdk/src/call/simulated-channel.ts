import type { Clock, TimerHandle } from "../clock.js";
import type { CallerAction } from "./caller-script.js";
import type {
  Channel,
  ChannelListener,
  DialOutcome,
  DialRequest,
  MediaRequest,
  PlaybackResult,
  RecordOptions,
  RecordResult,
} from "./channel.js";

/** Behaviour of a dialed endpoint in a simulated call. */
export interface SimulatedEndpoint {
  outcome: "answer" | "busy" | "noAnswer" | "congestion" | "unknown";
  /** Milliseconds of ringing before the outcome. Default 3,000. */
  ringMs?: number;
  /** Milliseconds from pick-up until the far side hangs up. Default 30,000. */
  talkMs?: number;
}

/** Options of a {@link SimulatedChannel}. */
export interface SimulatedChannelOptions {
  clock: Clock;
  callId?: string;
  caller?: string;
  called?: string;
  variables?: Record<string, string>;
  /** Caller actions relative to the moment {@link SimulatedChannel.attach} is called. */
  script?: readonly CallerAction[];
  /** Length of a prompt in milliseconds. Default: {@link estimatePromptMs}. */
  promptDurationMs?: (media: MediaRequest) => number;
  /** Dialed endpoints by name. An endpoint not listed picks up after 3 s and hangs up 30 s later. */
  endpoints?: Record<string, SimulatedEndpoint>;
}

/**
 * Estimated speaking time of a prompt: about 230 ms per Han character and 65 ms per other
 * character, at least 600 ms; recorded audio uses its stated length or 3 s.
 */
export function estimatePromptMs(media: MediaRequest): number {
  if (media.uri !== undefined) return media.durationMs ?? 3000;
  const text = media.text ?? "";
  let ms = 0;

  for (const ch of text) ms += /\p{Script=Han}/u.test(ch) ? 230 : 65;
  return Math.max(600, ms);
}

/**
 * A call in process, driven by a script of caller actions on the session's clock. The studio's
 * test calls and most tests use it. It records what the flow did, for assertions.
 */
export class SimulatedChannel implements Channel {
  readonly callId: string;
  readonly caller: string;
  readonly called: string;
  readonly variables: Readonly<Record<string, string>>;
  /** Media played, in order, with how each ended. */
  readonly played: Array<MediaRequest & { result: PlaybackResult; startedAt: number }> = [];
  /** Recordings made, transfers dialed, keys sent, and the dialplan target of a blind transfer. */
  readonly recordings: RecordResult[] = [];
  readonly dials: Array<DialRequest & { outcome: DialOutcome }> = [];
  readonly sentDtmf: string[] = [];
  continuedTo: { context: string; extension: string; priority: number } | undefined;
  /** Whether the caller is on hold now, and every change of it with its time on the clock. */
  held = false;
  readonly holdChanges: Array<{ held: boolean; at: number }> = [];
  answered = false;
  hungUpBy: "caller" | "flow" | "dialplan" | undefined;
  hangupCause: number | undefined;

  private readonly clock: Clock;
  private readonly script: readonly CallerAction[];
  private readonly promptDurationMs: (media: MediaRequest) => number;
  private listener: ChannelListener | undefined;
  private readonly endpoints: Record<string, SimulatedEndpoint>;
  private readonly channelVariables: Map<string, string>;
  private recording: { options: RecordOptions; stop: (outcome: "done") => void } | undefined;
  // Timers of scripted caller actions not yet due; cleared when the call ends.
  private readonly timers = new Set<TimerHandle>();

  constructor(options: SimulatedChannelOptions) {
    this.clock = options.clock;
    this.callId = options.callId ?? "sim-1";
    this.caller = options.caller ?? "0912345678";
    this.called = options.called ?? "1800";
    this.variables = options.variables ?? {};
    this.channelVariables = new Map(Object.entries(this.variables));
    this.endpoints = options.endpoints ?? {};
    this.script = options.script ?? [];
    this.promptDurationMs = options.promptDurationMs ?? estimatePromptMs;
  }

  /** True once either side has hung up. */
  get ended(): boolean {
    return this.hungUpBy !== undefined;
  }

  attach(listener: ChannelListener): void {
    this.listener = listener;
    for (const step of this.script) {
      const timer = this.clock.setTimer(step.atMs, () => {
        this.timers.delete(timer);
        if (step.action === "hangup") this.hangupFromCaller();
        else this.pressKey(step.action);
      });

      this.timers.add(timer);
    }
  }

  /** Delivers a key now, as if the caller pressed it. Ignored after the call ended. */
  pressKey(key: string): void {
    if (this.ended) return;
    const recording = this.recording;

    this.listener?.digit(key);
    if (recording && (recording.options.terminateOn === "any" || recording.options.terminateOn === key)) recording.stop("done");
  }

  /** Ends the call from the caller's side. Ignored after the call ended. */
  hangupFromCaller(cause = 16): void {
    if (this.ended) return;
    this.hungUpBy = "caller";
    this.hangupCause = cause;
    this.cancelScript();
    this.listener?.hangup(cause);
  }

  async answer(): Promise<void> {
    this.answered = true;
  }

  async hangup(cause = 16): Promise<void> {
    if (this.ended) return;
    this.hungUpBy = "flow";
    this.hangupCause = cause;
    this.cancelScript();
  }

  play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult> {
    const entry = { ...media, result: "done" as PlaybackResult, startedAt: this.clock.now() };

    this.played.push(entry);
    if (this.ended) {
      entry.result = "failed";
      return Promise.resolve("failed");
    }
    return new Promise((resolve) => {
      const finish = (result: PlaybackResult): void => {
        this.clock.clearTimer(timer);
        signal.removeEventListener("abort", onAbort);
        entry.result = result;
        resolve(result);
      };
      const onAbort = (): void => finish(this.ended ? "failed" : "stopped");
      const timer = this.clock.setTimer(this.promptDurationMs(media), () => finish("done"));

      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  // NOTE: silence detection is not simulated: maxSilenceSeconds never ends a simulated recording.
  record(options: RecordOptions, signal: AbortSignal): Promise<RecordResult> {
    const startedAt = this.clock.now();

    if (this.ended) return Promise.resolve({ name: options.name, durationSeconds: 0, outcome: "failed" });
    return new Promise((resolve) => {
      const finish = (outcome: RecordResult["outcome"]): void => {
        if (timer !== undefined) this.clock.clearTimer(timer);
        signal.removeEventListener("abort", onAbort);
        this.recording = undefined;
        const result = { name: options.name, durationSeconds: Math.round((this.clock.now() - startedAt) / 1000), outcome };

        this.recordings.push(result);
        resolve(result);
      };
      const onAbort = (): void => finish(this.ended ? "hangup" : "done");
      const timer = options.maxDurationSeconds > 0 ? this.clock.setTimer(options.maxDurationSeconds * 1000, () => finish("done")) : undefined;

      this.recording = { options, stop: finish };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  dial(request: DialRequest, signal: AbortSignal): Promise<DialOutcome> {
    const endpoint = this.endpoints[request.endpoint] ?? { outcome: "answer" };
    const entry = { ...request, outcome: "failed" as DialOutcome };

    this.dials.push(entry);
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      let bridged = false;
      const finish = (outcome: DialOutcome): void => {
        if (timer !== undefined) this.clock.clearTimer(timer);
        signal.removeEventListener("abort", onAbort);
        entry.outcome = outcome;
        // As on Asterisk, the end of the dial takes a held caller off hold.
        if (this.held) this.setHeld(false);
        resolve(outcome);
      };
      const onAbort = (): void => finish(bridged ? "answered" : "failed");
      const ringMs = endpoint.ringMs ?? 3000;

      if (endpoint.outcome === "unknown") timer = this.clock.setTimer(0, () => finish("failed"));
      else if (endpoint.outcome === "noAnswer") timer = this.clock.setTimer(request.timeoutSeconds * 1000, () => finish("noAnswer"));
      else if (endpoint.outcome !== "answer") timer = this.clock.setTimer(ringMs, () => finish(endpoint.outcome === "busy" ? "busy" : "failed"));
      else if (ringMs > request.timeoutSeconds * 1000) timer = this.clock.setTimer(request.timeoutSeconds * 1000, () => finish("noAnswer"));
      else {
        timer = this.clock.setTimer(ringMs, () => {
          bridged = true;
          timer = this.clock.setTimer(endpoint.talkMs ?? 30_000, () => finish("answered"));
        });
      }
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  async hold(): Promise<void> {
    if (!this.ended && !this.held) this.setHeld(true);
  }

  async resume(): Promise<void> {
    if (!this.ended && this.held) this.setHeld(false);
  }

  async continueInDialplan(target: { context: string; extension: string; priority: number }): Promise<void> {
    if (this.ended) return;
    this.continuedTo = target;
    this.hungUpBy = "dialplan";
    this.cancelScript();
  }

  async sendDtmf(keys: string): Promise<void> {
    this.sentDtmf.push(keys);
  }

  async setVariable(name: string, value: string): Promise<void> {
    this.channelVariables.set(name, value);
  }

  async getVariable(name: string): Promise<string | undefined> {
    if (name === "CALLERID(num)") return this.caller;
    return this.channelVariables.get(name);
  }

  private setHeld(held: boolean): void {
    this.held = held;
    this.holdChanges.push({ held, at: this.clock.now() });
  }

  private cancelScript(): void {
    for (const timer of this.timers) this.clock.clearTimer(timer);
    this.timers.clear();
  }
}
