import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { liveRecordingJson } from "../core/json.js";
import { SimRecording, type RecordingOptions, type RecordingState } from "../core/recording.js";

const SECOND = 1000;

/** Starts a live recording; `RecordingStarted` follows a moment later. */
export function startRecording(core: AsteriskCore, channel: SimChannel, options: RecordingOptions): SimRecording {
  const recording = new SimRecording(options, channel);

  core.liveRecordings.set(recording.name, recording);
  channel.recording = recording;
  core.after(0, () => begin(core, recording));
  return recording;
}

function publish(core: AsteriskCore, type: string, recording: SimRecording): void {
  core.publish(type, { recording: liveRecordingJson(recording) }, { channels: [recording.channel] });
}

/**
 * Begins recording. A bridged channel cannot be recorded (`RecordingFailed`). Otherwise the
 * recording stops at `maxDurationSeconds`, checked against whole-second wall time as Asterisk
 * does: with a limit of 3 it stops when the whole-second clock has moved 4 past the start, so
 * after 3 to 4 seconds, and reports `duration` 4.
 */
function begin(core: AsteriskCore, recording: SimRecording): void {
  const channel = recording.channel;

  if (channel.recording !== recording || !channel.alive) return;
  if (channel.bridge) {
    // NOTE: not measured; Asterisk's recording code rejects a bridged channel this way.
    recording.cause = "Cannot record channel while in bridge";
    end(core, recording, "failed");
    return;
  }

  const now = core.now();

  recording.state = "recording";
  recording.startedAt = now;
  publish(core, "RecordingStarted", recording);
  if (!channel.media) {
    recording.timer = core.after(core.options.timings.recordingNoMediaGiveUpMs, () => end(core, recording, "done"));
    return;
  }

  const stops: number[] = [];
  const { maxDurationSeconds, maxSilenceSeconds } = recording.options;

  if (maxDurationSeconds > 0) stops.push((Math.floor(now / SECOND) + maxDurationSeconds + 1) * SECOND);
  if (maxSilenceSeconds > 0) stops.push(silenceStop(channel, now, maxSilenceSeconds * SECOND));
  if (stops.length > 0) recording.timer = core.after(Math.min(...stops) - now, () => end(core, recording, "done"));
}

/** When continuous silence first reaches `limitMs`, given the caller's talk intervals. */
function silenceStop(channel: SimChannel, start: number, limitMs: number): number {
  let silentSince = start;

  for (const talk of [...channel.talk].sort((a, b) => a.start - b.start)) {
    if (talk.end <= silentSince) continue;
    if (talk.start - silentSince >= limitMs) break;
    silentSince = Math.max(silentSince, talk.end);
  }
  return silentSince + limitMs;
}

/**
 * Ends a recording. `duration` counts whole seconds of wall time; with silence detection on,
 * `talking_duration` and `silence_duration` split it. A finished recording is stored unless it
 * was canceled or failed.
 */
export function end(core: AsteriskCore, recording: SimRecording, state: Extract<RecordingState, "done" | "failed" | "canceled">): void {
  const channel = recording.channel;

  if (recording.state === "done" || recording.state === "failed" || recording.state === "canceled") return;
  core.cancel(recording.timer);
  recording.endedAt = core.now();

  const started = recording.state === "queued" ? recording.endedAt : recording.startedAt;

  if (state !== "failed") {
    recording.duration = channel.media ? Math.floor(recording.endedAt / SECOND) - Math.floor(started / SECOND) : 0;
    if (recording.options.maxSilenceSeconds > 0) splitSilence(recording, started);
  }
  recording.state = state;
  if (channel.recording === recording) channel.recording = undefined;
  core.liveRecordings.delete(recording.name);
  publish(core, state === "failed" ? "RecordingFailed" : "RecordingFinished", recording);
  if (state === "done") {
    core.storedRecordings.set(recording.name, {
      name: recording.name,
      format: recording.options.format,
      lengthMs: channel.media ? recording.endedAt - started : 0,
    });
  }
}

function splitSilence(recording: SimRecording, started: number): void {
  let talkingMs = 0;

  for (const talk of recording.channel.talk) {
    talkingMs += Math.max(0, Math.min(talk.end, recording.endedAt) - Math.max(talk.start, started));
  }

  const talking = Math.round(talkingMs / SECOND);

  recording.talkingDuration = talking;
  recording.silenceDuration = Math.max(0, (recording.duration ?? 0) - talking);
}

/** Ends the recording `done` on a hang-up, before the channel's `StasisEnd`, and keeps the file. */
export function endRecordingOnHangup(core: AsteriskCore, channel: SimChannel): void {
  if (channel.recording) end(core, channel.recording, "done");
}

/** Stops a recording whose `terminateOn` matches a DTMF digit the channel heard. */
export function recordingHeardDigit(core: AsteriskCore, channel: SimChannel, digit: string): void {
  const recording = channel.recording;

  if (!recording || recording.state !== "recording") return;

  const on = recording.options.terminateOn;

  if (on === "any" || on === digit) end(core, recording, "done");
}
