import type { IncomingMessage } from "node:http";

import { ApiError } from "../api-error.js";
import { readBodyBytes } from "../http-json.js";

/**
 * Largest accepted prompt audio file: 8 MiB, about 8.7 minutes of the 8 kHz 16-bit mono WAV that
 * Asterisk plays without converting.
 */
export const MAX_PROMPT_AUDIO_BYTES = 8 * 1024 * 1024;

// Accepted media types, each with a test of the file's first bytes, so that a file whose
// content does not match the declared type is rejected.
const AUDIO_SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  "audio/wav": (head) => head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WAVE",
  "audio/mpeg": (head) => head.subarray(0, 3).toString("latin1") === "ID3" || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0),
  "audio/ogg": (head) => head.subarray(0, 4).toString("latin1") === "OggS",
};
const TYPE_ALIASES: Record<string, string> = { "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav", "audio/mp3": "audio/mpeg" };

/** The media types that prompt audio uploads accept. */
export const PROMPT_AUDIO_TYPES = Object.keys(AUDIO_SIGNATURES);

function unsupported(): ApiError {
  return new ApiError(415, "unsupported-audio-type", { allowed: PROMPT_AUDIO_TYPES.join(", ") });
}

/**
 * Reads an audio file sent as the raw request body. Returns its normalized media type and bytes.
 *
 * @throws ApiError `unsupported-audio-type` (415) for a Content-Type other than the accepted
 *   types or for bytes that do not match it, `body-too-large` (413) above `maxBytes`, read no
 *   further than the limit, and `invalid-request` (400) for an empty body.
 */
export async function readAudioBody(request: IncomingMessage, maxBytes: number): Promise<{ contentType: string; content: Buffer }> {
  const declared = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const contentType = TYPE_ALIASES[declared] ?? declared;
  const matches = AUDIO_SIGNATURES[contentType];

  if (!matches) {
    throw unsupported();
  }
  const content = await readBodyBytes(request, maxBytes);

  if (content.length === 0) {
    throw new ApiError(400, "invalid-request", { detail: "body: the audio file is empty" }, { field: "body" });
  }
  if (!matches(content.subarray(0, 12))) {
    throw unsupported();
  }
  return { contentType, content };
}
