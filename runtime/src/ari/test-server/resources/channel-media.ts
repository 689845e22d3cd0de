import type { AsteriskCore } from "../core/asterisk.js";
import { liveRecordingJson, playbackJson } from "../core/json.js";
import type { RecordingOptions } from "../core/recording.js";
import { queuePlayback } from "../engine/playback-engine.js";
import { startRecording } from "../engine/recording-engine.js";
import { AriError, created, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";
import { requireStasisChannel } from "./lookup.js";

/** Formats Asterisk can write with the usual codec modules loaded. */
const RECORDING_FORMATS = new Set(["wav", "wav16", "gsm", "ulaw", "alaw", "sln", "sln16", "g722", "g729", "ogg", "au", "raw", "WAV"]);

/**
 * `POST /channels/{id}/play`: 201 with the playback `queued` and `Location`. `media` is one
 * comma-separated list; a repeated `media` parameter keeps only its last value. Without media
 * the queue fails: 500.
 */
function playHandler(params: RequestParams, core: AsteriskCore, playbackId: string | undefined): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));
  const media = params.list("media");

  if (media.length === 0) throw new AriError(500, "Failed to queue media for playback");

  const id = playbackId ?? params.string("playbackId") ?? core.newId();
  const playback = queuePlayback(core, channel, media, {
    id,
    language: params.string("lang") ?? channel.language,
    skipMs: params.integer("skipms", 3000),
  });

  return created(playbackJson(playback), `/playbacks/${id}`);
}

function parseRecordingOptions(params: RequestParams): RecordingOptions {
  const name = params.string("name");
  const format = params.string("format");
  const maxDurationSeconds = params.integer("maxDurationSeconds", 0);
  const maxSilenceSeconds = params.integer("maxSilenceSeconds", 0);
  const ifExists = params.string("ifExists") ?? "fail";
  const terminateOn = params.string("terminateOn") ?? "none";

  if (!name) throw new AriError(400, "Recording name invalid");
  if (!format) throw new AriError(422, "specified format is unknown on this system");
  if (maxDurationSeconds < 0) throw new AriError(400, "max_duration_seconds cannot be negative");
  if (maxSilenceSeconds < 0) throw new AriError(400, "max_silence_seconds cannot be negative");
  if (!["fail", "overwrite", "append"].includes(ifExists)) throw new AriError(400, "ifExists invalid");
  if (!["none", "any", "*", "#"].includes(terminateOn)) throw new AriError(400, "terminateOn invalid");
  return {
    name,
    format,
    maxDurationSeconds,
    maxSilenceSeconds,
    ifExists: ifExists as RecordingOptions["ifExists"],
    beep: params.boolean("beep", false),
    terminateOn: terminateOn as RecordingOptions["terminateOn"],
  };
}

/** `POST /channels/{id}/record`: 201 with the live recording `queued` and `Location`. */
function recordHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));
  const options = parseRecordingOptions(params);

  if (!RECORDING_FORMATS.has(options.format)) throw new AriError(422, "specified format is unknown on this system");
  if (core.liveRecordings.has(options.name) || (core.storedRecordings.has(options.name) && options.ifExists === "fail")) {
    throw new AriError(409, `Recording '${options.name}' already exists and can not be overwritten`);
  }

  const recording = startRecording(core, channel, options);

  return created(liveRecordingJson(recording), `/recordings/live/${encodeURIComponent(options.name)}`);
}

export function addChannelMediaRoutes(router: Router): void {
  router
    .add("POST", "/channels/{channelId}/play", (params, core) => playHandler(params, core, undefined))
    .add("POST", "/channels/{channelId}/play/{playbackId}", (params, core) => playHandler(params, core, params.requiredPath("playbackId")))
    .add("POST", "/channels/{channelId}/record", recordHandler);
}
