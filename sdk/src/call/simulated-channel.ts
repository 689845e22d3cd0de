import type { Clock, TimerHandle } from "../clock.js";
import type { CallerAction } from "./caller-script.js";
import type { Channel, ChannelListener, MediaRequest, PlaybackResult } from "./channel.js";

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
  answered = false;
  hungUpBy: "caller" | "flow" | undefined;
  hangupCause: number | undefined;

  private readonly clock: Clock;
  private readonly script: readonly CallerAction[];
  private readonly promptDurationMs: (media: MediaRequest) => number;
  private listener: ChannelListener | undefined;
  // Timers of scripted caller actions not yet due; cleared when the call ends.
  private readonly timers = new Set<TimerHandle>();

  constructor(options: SimulatedChannelOptions) {
    this.clock = options.clock;
    this.callId = options.callId ?? "sim-1";
    this.caller = options.caller ?? "0912345678";
    this.called = options.called ?? "1800";
    this.variables = options.variables ?? {};
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
    this.listener?.digit(key);
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

  private cancelScript(): void {
    for (const timer of this.timers) this.clock.clearTimer(timer);
    this.timers.clear();
  }
}
