import type { TimerHandle } from "@callflow/sdk";

import type { SimChannel } from "./channel.js";

/** Playback states as ARI reports them. */
export type PlaybackState = "queued" | "playing" | "paused" | "continuing" | "done" | "failed";

/** Plan of one media URI: it plays for a time, never ends by itself, or does not exist. */
export type MediaPlan = { kind: "timed"; lengthMs: number } | { kind: "endless" } | { kind: "missing" };

/** One `POST /channels/{id}/play`: a list of media played one after the other. */
export class SimPlayback {
  state: PlaybackState = "queued";
  /** Index in {@link mediaUris} of the media playing. */
  index = 0;
  /** Stopped while queued: reported `done` at once, `PlaybackFinished` when its turn comes. */
  canceled = false;
  timer?: TimerHandle;
  /** Virtual time the current media ends, while playing. */
  endsAt = 0;
  /** Time left of the current media, while paused. */
  remainingMs = 0;

  constructor(
    readonly id: string,
    readonly mediaUris: string[],
    readonly plans: MediaPlan[],
    readonly channel: SimChannel,
    readonly language: string,
    readonly skipMs: number,
  ) {}

  get currentPlan(): MediaPlan {
    return this.plans[this.index];
  }
}
