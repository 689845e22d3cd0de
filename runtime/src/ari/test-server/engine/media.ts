import type { AsteriskCore } from "../core/asterisk.js";
import type { MediaPlan } from "../core/playback.js";

/**
 * How long a media URI plays. Whole URIs in `mediaLengths` come first (TTS and HTTP prompts);
 * then by scheme: `sound:` from the sound table, `recording:` from the stored recording (a
 * missing one plays forever, as measured), spoken `digits:`/`characters:`/`number:` per
 * character, `tone:` until stopped, `http(s):` a default. An unsupported scheme plays forever:
 * Asterisk sends `PlaybackStarted` and never `PlaybackFinished`.
 */
export function planMedia(core: AsteriskCore, uri: string): MediaPlan {
  const options = core.options;
  const exact = options.mediaLengths[uri];

  if (exact !== undefined) return { kind: "timed", lengthMs: exact };

  const colon = uri.indexOf(":");
  const scheme = colon === -1 ? "" : uri.slice(0, colon);
  const rest = uri.slice(colon + 1);

  switch (scheme) {
    case "sound":
      if (options.missingSounds.has(rest)) return { kind: "missing" };
      return { kind: "timed", lengthMs: options.sounds[rest] ?? options.timings.defaultSoundMs };
    case "recording": {
      const stored = core.storedRecordings.get(rest);

      return stored ? { kind: "timed", lengthMs: stored.lengthMs } : { kind: "endless" };
    }
    case "digits":
    case "characters":
    case "number":
      return { kind: "timed", lengthMs: rest.length * options.timings.spokenCharacterMs };
    case "http":
    case "https":
      return { kind: "timed", lengthMs: options.timings.httpMediaMs };
    default:
      return { kind: "endless" };
  }
}
