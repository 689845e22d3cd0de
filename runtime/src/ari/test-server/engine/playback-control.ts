import type { AsteriskCore } from "../core/asterisk.js";
import { playbackJson } from "../core/json.js";
import type { SimPlayback } from "../core/playback.js";
import { finishPlayback, scheduleEnd } from "./playback-engine.js";

export const PLAYBACK_OPERATIONS = ["restart", "pause", "unpause", "reverse", "forward"] as const;

export type PlaybackOperation = (typeof PLAYBACK_OPERATIONS)[number];

/**
 * Applies `POST /playbacks/{id}/control`. Returns false when the operation is not allowed in
 * the playback's state, which ARI reports as 409 "Can only <operation> while media is playing".
 * Allowed: everything while playing (`unpause` does nothing), and `pause`/`unpause` while paused.
 */
export function controlPlayback(core: AsteriskCore, playback: SimPlayback, operation: PlaybackOperation): boolean {
  if (playback.state === "paused") return controlPaused(core, playback, operation);
  if (playback.state !== "playing") return false;

  const plan = playback.currentPlan;
  const fullMs = plan.kind === "timed" ? plan.lengthMs : Number.POSITIVE_INFINITY;
  const remainingMs = playback.endsAt - core.now();

  switch (operation) {
    case "pause":
      core.cancel(playback.timer);
      playback.remainingMs = remainingMs;
      playback.state = "paused";
      return true;
    case "unpause":
      return true;
    case "restart":
      scheduleEnd(core, playback, fullMs);
      return true;
    case "forward":
      scheduleEnd(core, playback, Math.max(0, remainingMs - playback.skipMs));
      return true;
    case "reverse":
      scheduleEnd(core, playback, Math.min(fullMs, remainingMs + playback.skipMs));
      return true;
  }
}

function controlPaused(core: AsteriskCore, playback: SimPlayback, operation: PlaybackOperation): boolean {
  if (operation === "pause") return true;
  if (operation !== "unpause") return false;
  playback.state = "playing";
  core.publish("PlaybackStarted", { playback: playbackJson(playback) }, { channels: [playback.channel] });
  scheduleEnd(core, playback, playback.remainingMs);
  return true;
}

/**
 * `DELETE /playbacks/{id}`. A queued playback is marked done without an event and reports
 * `PlaybackFinished` when its turn comes; a playing or paused one finishes `done` now.
 */
export function stopPlayback(core: AsteriskCore, playback: SimPlayback): void {
  if (playback.state === "queued") {
    playback.canceled = true;
    playback.state = "done";
    return;
  }
  if (playback.canceled) return;
  finishPlayback(core, playback, "done");
}
