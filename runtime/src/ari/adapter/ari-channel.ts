import type {
  Channel,
  ChannelListener,
  DialOutcome,
  DialRequest,
  Logger,
  MediaRequest,
  PlaybackResult,
  RecordOptions,
  RecordResult,
} from "@callflow/sdk";

import { AriRequestError } from "./ari-errors.js";
import type { AriChannelJson } from "./ari-events.js";
import type { AriOperations } from "./ari-operations.js";
import { dialAndBridge, type TransferLegRegistry } from "./transfer.js";
import type { Waiters } from "./playback-waiters.js";

/** Services a channel gets from its connection. */
export interface AriChannelHost {
  readonly app: string;
  readonly ops: AriOperations;
  readonly logger: Logger;
  readonly playbacks: Waiters<string>;
  readonly recordings: Waiters<{ state: string; duration?: number }>;
  readonly legs: TransferLegRegistry;
  /** Turns TTS text into a media URI Asterisk can play (the TTS cache). */
  resolveMedia(media: MediaRequest, signal: AbortSignal): Promise<string>;
}

// A playback that never reports its end (an unsupported media scheme does exactly that on
// Asterisk 22) is given up after this long.
const PLAYBACK_SAFETY_MS = 30 * 60_000;

/**
 * One caller's channel in the Stasis application, as the session's {@link Channel}. Events
 * arrive through the connection; operations go out as ARI requests.
 */
export class AriChannel implements Channel {
  readonly callId: string;
  readonly caller: string;
  readonly called: string;
  readonly variables: Readonly<Record<string, string>>;
  private readonly host: AriChannelHost;
  private listener: ChannelListener | undefined;
  private gone = false;
  private leftByFlow = false;
  private legCount = 0;
  private playbackCount = 0;

  constructor(host: AriChannelHost, json: AriChannelJson, args: readonly string[] = []) {
    this.host = host;
    this.callId = json.id;
    this.caller = json.caller?.number ?? "";
    this.called = json.dialplan?.exten ?? "";
    this.variables = channelVariables(json.channelvars, args);
  }

  /** True once the channel left the application. */
  get ended(): boolean {
    return this.gone;
  }

  attach(listener: ChannelListener): void {
    this.listener = listener;
  }

  /** Delivers a key from `ChannelDtmfReceived`. */
  onDtmf(digit: string): void {
    if (!this.gone) this.listener?.digit(digit);
  }

  /**
   * Marks the channel gone: it left Stasis or was destroyed. Unless the flow itself hung up or handed the call
   * to the dialplan, this is the caller hanging up.
   */
  onGone(cause?: number): void {
    if (this.gone) return;
    this.gone = true;
    this.host.playbacks.failAll(this.callId, "failed");
    this.host.recordings.failAll(this.callId, { state: "hangup" });
    if (!this.leftByFlow) this.listener?.hangup(cause);
  }

  async answer(): Promise<void> {
    await this.host.ops.answer(this.callId).catch((error) => this.ignoreIfGone(error));
  }

  async hangup(cause = 16): Promise<void> {
    if (this.gone) return;
    this.leftByFlow = true;
    await this.host.ops.hangup(this.callId, cause).catch((error) => this.ignoreIfGone(error));
  }

  async play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult> {
    if (this.gone) return "failed";
    const uri = media.uri ?? (await this.host.resolveMedia(media, signal));
    // Channel ids are unique on the Asterisk server, so the channel id and a count make a unique
    // playback id without the cost of a random UUID.
    const playbackId = `${this.callId}-play${++this.playbackCount}`;
    const finished = this.host.playbacks.wait(playbackId, this.callId);
    const stop = (): void => {
      this.host.ops.stopPlayback(playbackId).catch((error: unknown) => this.logUnlessGone(error, "stopping a playback failed"));
    };
    const safety = setTimeout(() => this.host.playbacks.settle(playbackId, "failed"), PLAYBACK_SAFETY_MS);

    try {
      if (signal.aborted) return "stopped";
      await this.host.ops.play(this.callId, playbackId, uri);
      signal.addEventListener("abort", stop, { once: true });
      const state = await finished;

      if (this.gone || state === "failed") return "failed";
      return signal.aborted ? "stopped" : "done";
    } catch (error) {
      this.host.playbacks.settle(playbackId, "failed");
      if (!this.isGoneError(error)) throw error;
      // 404/409: the channel hung up while its events were not reaching us (a WebSocket gap).
      this.onGone();
      return "failed";
    } finally {
      clearTimeout(safety);
      signal.removeEventListener("abort", stop);
    }
  }

  async record(options: RecordOptions, signal: AbortSignal): Promise<RecordResult> {
    if (this.gone) return { name: options.name, durationSeconds: 0, outcome: "failed" };
    const finished = this.host.recordings.wait(options.name, this.callId);

    try {
      await this.host.ops.record(this.callId, {
        name: options.name,
        maxDurationSeconds: options.maxDurationSeconds,
        maxSilenceSeconds: options.maxSilenceSeconds,
        beep: options.beep,
        terminateOn: options.terminateOn,
      });
    } catch (error) {
      this.host.recordings.settle(options.name, { state: "failed" });
      if (!this.isGoneError(error)) throw error;
      this.onGone();
      return { name: options.name, durationSeconds: 0, outcome: "hangup" };
    }
    const result = await finished;
    const outcome = signal.aborted || this.gone || result.state === "hangup" ? "hangup" : result.state === "done" ? "done" : "failed";

    return { name: options.name, durationSeconds: result.duration ?? 0, outcome };
  }

  dial(request: DialRequest, signal: AbortSignal): Promise<DialOutcome> {
    const suffix = ++this.legCount;

    return dialAndBridge(this.host, { callerChannelId: this.callId, legId: `${this.callId}-leg${suffix}`, bridgeId: `${this.callId}-bridge${suffix}` }, request, signal);
  }

  async continueInDialplan(target: { context: string; extension: string; priority: number }): Promise<void> {
    this.leftByFlow = true;
    await this.host.ops.continueInDialplan(this.callId, target.context, target.extension, target.priority);
  }

  async sendDtmf(keys: string): Promise<void> {
    await this.host.ops.sendDtmf(this.callId, keys);
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.host.ops.setVariable(this.callId, name, value);
  }

  getVariable(name: string): Promise<string | undefined> {
    return this.host.ops.getVariable(this.callId, name);
  }

  private isGoneError(error: unknown): boolean {
    return error instanceof AriRequestError && (error.failure === "not-found" || error.failure === "not-in-stasis");
  }

  // For requests that no caller awaits: a failure is logged, and 404/409 (already gone) is expected.
  private logUnlessGone(error: unknown, message: string): void {
    if (!this.isGoneError(error)) this.host.logger.warn({ err: error, channelId: this.callId }, message);
  }

  // A request on a channel that already left (404, 409) is the normal race with a hang-up.
  private ignoreIfGone(error: unknown): void {
    if (this.isGoneError(error)) return;
    throw error;
  }
}

const NO_VARIABLES: Readonly<Record<string, string>> = Object.freeze({});

// The channel's variables with the Stasis arguments as ARG1, ARG2 ..., built without spreads
// because every call starts here.
function channelVariables(channelvars: Record<string, string> | undefined, args: readonly string[]): Readonly<Record<string, string>> {
  if (args.length === 0 && (channelvars === undefined || Object.keys(channelvars).length === 0)) return NO_VARIABLES;
  const variables: Record<string, string> = { ...channelvars };

  for (let i = 0; i < args.length; i++) variables[`ARG${i + 1}`] = args[i];
  return variables;
}
