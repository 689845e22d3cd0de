import type { TimerHandle } from "@callflow/sdk";

import type { SimChannel } from "./channel.js";

export type RecordingState = "queued" | "recording" | "paused" | "done" | "failed" | "canceled";

/** Options of `POST /channels/{id}/record`, parsed. */
export interface RecordingOptions {
  name: string;
  format: string;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  ifExists: "fail" | "overwrite" | "append";
  beep: boolean;
  terminateOn: "none" | "any" | "*" | "#";
}

/** A live recording of a channel. */
export class SimRecording {
  state: RecordingState = "queued";
  startedAt = 0;
  endedAt = 0;
  /** Whole seconds, set when the recording ends. */
  duration?: number;
  talkingDuration?: number;
  silenceDuration?: number;
  cause?: string;
  timer?: TimerHandle;

  constructor(
    readonly options: RecordingOptions,
    readonly channel: SimChannel,
  ) {}

  get name(): string {
    return this.options.name;
  }
}

/** A recording file on disk, as `GET /recordings/stored` lists it. */
export interface StoredRecording {
  name: string;
  format: string;
  lengthMs: number;
}
