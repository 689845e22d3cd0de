import type { SimBridge } from "./bridge.js";
import type { SimChannel } from "./channel.js";
import type { SimPlayback } from "./playback.js";
import type { SimRecording } from "./recording.js";

type Json = Record<string, unknown>;

/**
 * Formats a time the way Asterisk's `ast_json_timeval` does, in UTC:
 * `2026-01-02T03:04:05.678+0000` (milliseconds, and an offset without a colon).
 */
export function asteriskTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString().replace("Z", "+0000");
}

/** Builds the `Channel` model. `channelvars` appears only when `ari.conf` names some variables. */
export function channelJson(channel: SimChannel, channelVars: string[]): Json {
  const json: Json = {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    protocol_id: channel.protocolId,
    caller: { ...channel.caller },
    connected: { ...channel.connected },
    accountcode: channel.accountcode,
    dialplan: { ...channel.dialplan },
    creationtime: asteriskTimestamp(channel.creationTime),
    language: channel.language,
  };

  if (channel.callerRdnis !== "") json.caller_rdnis = channel.callerRdnis;
  if (channelVars.length > 0) {
    json.channelvars = Object.fromEntries(channelVars.map((name) => [name, channel.variables.get(name) ?? ""]));
  }
  return json;
}

export function bridgeJson(bridge: SimBridge): Json {
  return {
    id: bridge.id,
    technology: bridge.technology,
    bridge_type: bridge.bridgeType,
    bridge_class: "stasis",
    creator: "Stasis",
    name: bridge.name,
    channels: bridge.channels.map((channel) => channel.id),
    creationtime: asteriskTimestamp(bridge.creationTime),
    video_mode: "talker",
  };
}

export function playbackJson(playback: SimPlayback): Json {
  const json: Json = {
    id: playback.id,
    media_uri: playback.mediaUris[playback.index],
    target_uri: `channel:${playback.channel.id}`,
    language: playback.language,
    state: playback.state,
  };
  const next = playback.mediaUris[playback.index + 1];

  if (next !== undefined) json.next_media_uri = next;
  return json;
}

/** Builds the `LiveRecording` model. The silence fields exist only when silence detection was on. */
export function liveRecordingJson(recording: SimRecording): Json {
  const json: Json = {
    name: recording.name,
    format: recording.options.format,
    target_uri: `channel:${recording.channel.id}`,
    state: recording.state,
  };

  if (recording.duration !== undefined) json.duration = recording.duration;
  if (recording.talkingDuration !== undefined) json.talking_duration = recording.talkingDuration;
  if (recording.silenceDuration !== undefined) json.silence_duration = recording.silenceDuration;
  if (recording.cause !== undefined) json.cause = recording.cause;
  return json;
}
