import type { AsteriskCore } from "../core/asterisk.js";
import { liveRecordingJson } from "../core/json.js";
import type { SimRecording, StoredRecording } from "../core/recording.js";
import { end } from "../engine/recording-engine.js";
import { AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";

function requireStored(core: AsteriskCore, name: string): StoredRecording {
  const stored = core.storedRecordings.get(name);

  if (!stored) throw new AriError(404, "Recording not found");
  return stored;
}

function requireLive(core: AsteriskCore, name: string): SimRecording {
  const live = core.liveRecordings.get(name);

  if (!live) throw new AriError(404, "Recording not found");
  return live;
}

/**
 * Builds a silent file as long as the recording: 8 kHz 16-bit mono PCM, in a WAV container for `wav`
 * and raw for any other format.
 */
function silentAudio(stored: StoredRecording): AriResponse {
  const samples = Math.round((stored.lengthMs / 1000) * 8000);
  const pcm = Buffer.alloc(samples * 2);

  if (stored.format !== "wav") return { status: 200, raw: { contentType: "application/octet-stream", data: pcm } };

  const header = Buffer.alloc(44);

  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(pcm.length, 40);
  return { status: 200, raw: { contentType: "audio/wav", data: Buffer.concat([header, pcm]) } };
}

function copyHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const stored = requireStored(core, params.requiredPath("recordingName"));
  const destination = params.string("destinationRecordingName");

  if (!destination) throw new AriError(400, "Missing parameter destinationRecordingName");
  if (core.storedRecordings.has(destination)) throw new AriError(409, "A recording with the same name already exists on the system");

  const copy = { ...stored, name: destination };

  core.storedRecordings.set(destination, copy);
  return ok({ name: copy.name, format: copy.format });
}

/** Routes that only need a live recording to exist. */
// NOTE: pause and mute are accepted but not simulated: the reported duration still counts a pause.
function liveNoOp(params: RequestParams, core: AsteriskCore): AriResponse {
  requireLive(core, params.requiredPath("recordingName"));
  return noContent();
}

export function addRecordingRoutes(router: Router): void {
  router
    .add("GET", "/recordings/stored", (_params, core) => ok([...core.storedRecordings.values()].map(({ name, format }) => ({ name, format }))))
    .add("GET", "/recordings/stored/{recordingName}", (params, core) => {
      const { name, format } = requireStored(core, params.requiredPath("recordingName"));

      return ok({ name, format });
    })
    .add("DELETE", "/recordings/stored/{recordingName}", (params, core) => {
      core.storedRecordings.delete(requireStored(core, params.requiredPath("recordingName")).name);
      return noContent();
    })
    .add("GET", "/recordings/stored/{recordingName}/file", (params, core) => silentAudio(requireStored(core, params.requiredPath("recordingName"))))
    .add("POST", "/recordings/stored/{recordingName}/copy", copyHandler)
    .add("GET", "/recordings/live/{recordingName}", (params, core) => ok(liveRecordingJson(requireLive(core, params.requiredPath("recordingName")))))
    .add("DELETE", "/recordings/live/{recordingName}", (params, core) => {
      end(core, requireLive(core, params.requiredPath("recordingName")), "canceled");
      return noContent();
    })
    .add("POST", "/recordings/live/{recordingName}/stop", (params, core) => {
      end(core, requireLive(core, params.requiredPath("recordingName")), "done");
      return noContent();
    })
    .add("POST", "/recordings/live/{recordingName}/pause", liveNoOp)
    .add("DELETE", "/recordings/live/{recordingName}/pause", liveNoOp)
    .add("POST", "/recordings/live/{recordingName}/mute", liveNoOp)
    .add("DELETE", "/recordings/live/{recordingName}/mute", liveNoOp);
}
