import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { playbackJson } from "../core/json.js";
import { SimPlayback } from "../core/playback.js";
import { indicateUpstream } from "./channel-state.js";
import { planMedia } from "./media.js";

/**
 * Queues a playback of one or more media on a channel and returns it in state `queued`. It
 * starts a moment later, or when the playbacks queued before it have finished.
 */
export function queuePlayback(
  core: AsteriskCore,
  channel: SimChannel,
  mediaUris: string[],
  options: { id: string; language: string; skipMs: number },
): SimPlayback {
  const plans = mediaUris.map((uri) => planMedia(core, uri));
  const playback = new SimPlayback(options.id, mediaUris, plans, channel, options.language, options.skipMs);

  core.playbacks.set(playback.id, playback);
  channel.playbacks.push(playback);
  if (channel.playbacks.length === 1) core.after(0, () => startPlayback(core, playback));
  return playback;
}

function publish(core: AsteriskCore, type: string, playback: SimPlayback): void {
  core.publish(type, { playback: playbackJson(playback) }, { channels: [playback.channel] });
}

/**
 * Starts the playback at the head of a channel's queue. A playback stopped while queued only
 * reports `PlaybackFinished` done. Missing files are skipped; when every file is missing the
 * playback starts and fails at once.
 */
function startPlayback(core: AsteriskCore, playback: SimPlayback): void {
  const channel = playback.channel;

  if (channel.playbacks[0] !== playback || !channel.alive) return;
  if (playback.canceled) {
    finishPlayback(core, playback, "done");
    return;
  }

  const playable = playback.plans.findIndex((plan) => plan.kind !== "missing");

  channel.mohClass = undefined;
  if (channel.state !== "Up") indicateUpstream(core, channel, "progress");
  playback.index = playable === -1 ? 0 : playable;
  playback.state = "playing";
  publish(core, "PlaybackStarted", playback);
  if (playable === -1) {
    finishPlayback(core, playback, "failed");
    return;
  }
  scheduleEnd(core, playback, lengthOf(playback));
}

function lengthOf(playback: SimPlayback): number {
  const plan = playback.currentPlan;

  return plan.kind === "timed" ? plan.lengthMs : Number.POSITIVE_INFINITY;
}

/** Schedules the end of the current media; endless media gets no timer. */
export function scheduleEnd(core: AsteriskCore, playback: SimPlayback, remainingMs: number): void {
  core.cancel(playback.timer);
  playback.timer = undefined;
  playback.endsAt = core.now() + remainingMs;
  if (Number.isFinite(remainingMs)) playback.timer = core.after(Math.max(0, remainingMs), () => mediaEnded(core, playback));
}

/** Moves on to the next playable media when the current one ends, or finishes `done`. */
function mediaEnded(core: AsteriskCore, playback: SimPlayback): void {
  const next = playback.plans.findIndex((plan, index) => index > playback.index && plan.kind !== "missing");

  if (next === -1) {
    finishPlayback(core, playback, "done");
    return;
  }
  playback.state = "continuing";
  publish(core, "PlaybackContinuing", playback);
  playback.index = next;
  playback.state = "playing";
  publish(core, "PlaybackStarted", playback);
  scheduleEnd(core, playback, lengthOf(playback));
}

/** Ends the playback at the head of the queue with `PlaybackFinished` and starts the next one. */
export function finishPlayback(core: AsteriskCore, playback: SimPlayback, state: "done" | "failed"): void {
  const channel = playback.channel;

  core.cancel(playback.timer);
  playback.state = state;
  publish(core, "PlaybackFinished", playback);
  core.playbacks.delete(playback.id);
  channel.playbacks.splice(channel.playbacks.indexOf(playback), 1);

  const next = channel.playbacks[0];

  if (next && channel.alive) startPlayback(core, next);
}

/**
 * Ends every playback of a hung-up channel before its `StasisEnd`: the current one fails,
 * then each queued one starts and fails, except on a channel that was bridged, where queued
 * playbacks send nothing. A queued playback stopped earlier reports `done`.
 */
export function endPlaybacksOnHangup(core: AsteriskCore, channel: SimChannel, wasBridged: boolean): void {
  const [current, ...queued] = channel.playbacks.splice(0);

  if (current) endOne(core, current, current.state === "queued" && !current.canceled);
  for (const playback of queued) {
    if (wasBridged) core.playbacks.delete(playback.id);
    else endOne(core, playback, !playback.canceled);
  }
}

function endOne(core: AsteriskCore, playback: SimPlayback, announceStart: boolean): void {
  core.cancel(playback.timer);
  core.playbacks.delete(playback.id);
  if (announceStart) {
    playback.state = "playing";
    publish(core, "PlaybackStarted", playback);
  }
  playback.state = playback.canceled ? "done" : "failed";
  publish(core, "PlaybackFinished", playback);
}

/**
 * Leaving Stasis by `continue` stops the playbacks: the current one finishes `done` and queued
 * ones are dropped silently.
 */
// NOTE: not measured on Asterisk; chosen to match what `DELETE /playbacks/{id}` reports.
export function stopPlaybacksOnContinue(core: AsteriskCore, channel: SimChannel): void {
  const [current, ...queued] = channel.playbacks.splice(0);

  for (const playback of queued) core.playbacks.delete(playback.id);
  if (!current) return;
  core.cancel(current.timer);
  core.playbacks.delete(current.id);
  if (current.state === "queued") return;
  current.state = "done";
  publish(core, "PlaybackFinished", current);
}
