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
  /**
   * Turns TTS text, or media that the runtime must fetch first (a URI starting with `/`, such as
   * an uploaded prompt file), into a media URI Asterisk can play, for the call's tenant.
   */
  resolveMedia(media: MediaRequest, signal: AbortSignal, tenantId: string | undefined): Promise<string>;
}

// A playback that never reports its end (an unsupported media scheme does exactly that on
// Asterisk 22) is given up after this long, by the connection's playback waiters.
export const PLAYBACK_SAFETY_MS = 30 * 60_000;

/** A playback that Asterisk accepted and that the signal it was started with stops. */
interface PlaybackInProgress {
  id: string;
  signal: AbortSignal;
}

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
  /** Bridge of the dial in progress once both legs are in it. */
  private dialBridge: string | undefined;
  private held = false;
  private playbackCount = 0;
  private readonly playing: PlaybackInProgress[] = [];
  // The signal that last got this channel's abort listener. CallControl passes the same signal
  // to prompt after prompt until one is stopped, so the listener is added once per signal
  // rather than added and removed on every prompt.
  private watchedSignal: AbortSignal | undefined;
  private tenantId: string | undefined;

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

  bindTenant(tenantId: string): void {
    this.tenantId = tenantId;
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

  // Neither method is async and neither makes a closure: every call answers and hangs up once.
  answer(): Promise<void> {
    return this.host.ops.answer(this.callId).then(ignoreResult, ignoreIfGone);
  }

  hangup(cause = 16): Promise<void> {
    if (this.gone) return Promise.resolve();
    this.leftByFlow = true;
    return this.host.ops.hangup(this.callId, cause).then(ignoreResult, ignoreIfGone);
  }

  async play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult> {
    if (this.gone) return "failed";
    const uri = media.uri !== undefined && !media.uri.startsWith("/") ? media.uri : await this.host.resolveMedia(media, signal, this.tenantId);
    // Channel ids are unique on the Asterisk server, so the channel id and a count make a unique
    // playback id without the cost of a random UUID.
    const playbackId = `${this.callId}-play${++this.playbackCount}`;

    if (signal.aborted) return "stopped";
    const finished = this.host.playbacks.wait(playbackId, this.callId);

    try {
      await this.host.ops.play(this.callId, playbackId, uri);
      // A stop that came while the request was on its way ends the playback Asterisk just began.
      if (signal.aborted) this.stopPlayback(playbackId);
      else this.watch(playbackId, signal);
      const state = await finished;

      if (this.gone || state === "failed") return "failed";
      return signal.aborted ? "stopped" : "done";
    } catch (error) {
      this.host.playbacks.settle(playbackId, "failed");
      if (!isGoneError(error)) throw error;
      // 404/409: the channel hung up while its events were not reaching us (a WebSocket gap).
      this.onGone();
      return "failed";
    } finally {
      this.unwatch(playbackId);
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
      if (!isGoneError(error)) throw error;
      this.onGone();
      return { name: options.name, durationSeconds: 0, outcome: "hangup" };
    }
    const result = await finished;
    const outcome = signal.aborted || this.gone || result.state === "hangup" ? "hangup" : result.state === "done" ? "done" : "failed";

    return { name: options.name, durationSeconds: result.duration ?? 0, outcome };
  }

  dial(request: DialRequest, signal: AbortSignal): Promise<DialOutcome> {
    const suffix = ++this.legCount;
    const bridgeId = `${this.callId}-bridge${suffix}`;

    return dialAndBridge(this.host, { callerChannelId: this.callId, legId: `${this.callId}-leg${suffix}`, bridgeId }, request, signal, {
      onBridged: () => {
        this.dialBridge = bridgeId;
        // A hold that came while the leg was ringing takes the caller out again.
        if (this.held) this.leaveDialBridge(bridgeId);
      },
      onSettled: () => {
        this.dialBridge = undefined;
        if (this.held) void this.resume();
      },
    });
  }

  /**
   * Holds the caller as Asterisk's ARI allows: out of the dial's mixing bridge, which stays up
   * with the far leg, and music on hold on the caller's channel (Local channels give no event).
   */
  async hold(): Promise<void> {
    if (this.gone || this.held) return;
    this.held = true;
    if (this.dialBridge !== undefined) await this.leaveDialBridge(this.dialBridge);
    await this.host.ops.startMoh(this.callId).then(ignoreResult, ignoreIfGone);
  }

  async resume(): Promise<void> {
    if (this.gone || !this.held) return;
    this.held = false;
    await this.host.ops.stopMoh(this.callId).then(ignoreResult, ignoreIfGone);
    if (this.dialBridge !== undefined) await this.host.ops.addToBridge(this.dialBridge, [this.callId]).then(ignoreResult, ignoreIfGone);
  }

  private leaveDialBridge(bridgeId: string): Promise<void> {
    // 422 "Channel not in this bridge" and 404 mean the bridge or the caller went first.
    return this.host.ops.removeFromBridge(bridgeId, [this.callId]).then(ignoreResult, (error: unknown) => {
      if (!(error instanceof AriRequestError && error.failure === "conflict")) return ignoreIfGone(error);
    });
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

  private watch(playbackId: string, signal: AbortSignal): void {
    this.playing.push({ id: playbackId, signal });
    if (signal === this.watchedSignal) return;
    this.watchedSignal = signal;
    signal.addEventListener("abort", () => this.stopPlaybacksOf(signal), { once: true });
  }

  private unwatch(playbackId: string): void {
    const index = this.playing.findIndex((playback) => playback.id === playbackId);

    if (index >= 0) this.playing.splice(index, 1);
  }

  // Stops each playback in progress that `signal` governs; a listener added twice to one signal
  // finds nothing left the second time.
  private stopPlaybacksOf(signal: AbortSignal): void {
    for (let i = this.playing.length - 1; i >= 0; i--) {
      const playback = this.playing[i];

      if (playback.signal !== signal) continue;
      this.playing.splice(i, 1);
      this.stopPlayback(playback.id);
    }
  }

  private stopPlayback(playbackId: string): void {
    this.host.ops.stopPlayback(playbackId).catch((error: unknown) => this.logUnlessGone(error, "stopping a playback failed"));
  }

  // For requests that no caller awaits: a failure is logged, and 404/409 (already gone) is expected.
  private logUnlessGone(error: unknown, message: string): void {
    if (!isGoneError(error)) this.host.logger.warn({ err: error, channelId: this.callId }, message);
  }
}

function isGoneError(error: unknown): boolean {
  return error instanceof AriRequestError && (error.failure === "not-found" || error.failure === "not-in-stasis");
}

function ignoreResult(): undefined {
  return undefined;
}

// A request on a channel that already left (404, 409) is the normal race with a hang-up.
function ignoreIfGone(error: unknown): undefined {
  if (isGoneError(error)) return undefined;
  throw error;
}

const NO_VARIABLES: Readonly<Record<string, string>> = Object.freeze({});

// The channel's variables with the Stasis arguments as ARG1, ARG2 ..., built without spreads
// because every call starts here.
function channelVariables(channelvars: Record<string, string> | undefined, args: readonly string[]): Readonly<Record<string, string>> {
  if (args.length === 0 && (channelvars === undefined || isEmpty(channelvars))) return NO_VARIABLES;
  const variables: Record<string, string> = { ...channelvars };

  for (let i = 0; i < args.length; i++) variables[`ARG${i + 1}`] = args[i];
  return variables;
}

function isEmpty(object: Record<string, string>): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}
