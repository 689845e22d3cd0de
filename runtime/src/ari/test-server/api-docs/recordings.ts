import { api, model, models, operation, pathParam, prop, queryParam, type ResourceSpec } from "./swagger.js";

const recordingName = pathParam("recordingName", "The name of the recording");
const notFound: [number, string] = [404, "Recording not found"];

/** The recordings declaration: live recordings in progress and stored files. */
export const recordingsResource: ResourceSpec = {
  name: "recordings",
  description: "Recordings",
  apis: [
    api("/recordings/stored", "Recordings", operation("GET", "listStored", "List[StoredRecording]", "List recordings that are complete.")),
    api(
      "/recordings/stored/{recordingName}",
      "Individual recording",
      operation("GET", "getStored", "StoredRecording", "Get a stored recording's details.", [recordingName], [notFound]),
      operation("DELETE", "deleteStored", "void", "Delete a stored recording.", [recordingName], [notFound]),
    ),
    api("/recordings/stored/{recordingName}/file", "The actual file of a stored recording", operation("GET", "getStoredFile", "binary", "Get the file of a stored recording.", [recordingName], [notFound])),
    api(
      "/recordings/stored/{recordingName}/copy",
      "Copy a stored recording",
      operation("POST", "copyStored", "StoredRecording", "Copy a stored recording.", [recordingName, queryParam("destinationRecordingName", "string", "Name of the copy.", { required: true })], [
        notFound,
        [409, "A recording with the same name already exists on the system"],
      ]),
    ),
    api(
      "/recordings/live/{recordingName}",
      "A recording in progress",
      operation("GET", "getLive", "LiveRecording", "Get a live recording's details.", [recordingName], [notFound]),
      operation("DELETE", "cancel", "void", "Stop a live recording and discard it.", [recordingName], [notFound]),
    ),
    api("/recordings/live/{recordingName}/stop", "Stop a live recording", operation("POST", "stop", "void", "Stop a live recording and store it.", [recordingName], [notFound])),
    api(
      "/recordings/live/{recordingName}/pause",
      "Pause a live recording",
      operation("POST", "pause", "void", "Pause a live recording.", [recordingName], [notFound, [409, "Recording not in session"]]),
      operation("DELETE", "unpause", "void", "Unpause a live recording.", [recordingName], [notFound, [409, "Recording not in session"]]),
    ),
    api(
      "/recordings/live/{recordingName}/mute",
      "Mute a live recording",
      operation("POST", "mute", "void", "Mute a live recording.", [recordingName], [notFound, [409, "Recording not in session"]]),
      operation("DELETE", "unmute", "void", "Unmute a live recording.", [recordingName], [notFound, [409, "Recording not in session"]]),
    ),
  ],
  models: models(
    model("StoredRecording", "A past recording that may be played back.", { name: prop("string", "Name of the recording.", true), format: prop("string", "Format of the file.", true) }),
    model("LiveRecording", "A recording that is in progress.", {
      name: prop("string", "Base name of the recording.", true),
      format: prop("string", "Recording format (wav, gsm, etc.).", true),
      target_uri: prop("string", "URI of the channel or bridge being recorded.", true),
      state: prop("string", "State of the recording.", true, ["queued", "recording", "paused", "done", "failed", "canceled"]),
      duration: prop("int", "Duration in seconds of the recording."),
      talking_duration: prop("int", "Seconds of talking, present when silence detection is on."),
      silence_duration: prop("int", "Seconds of silence, present when silence detection is on."),
      cause: prop("string", "Cause of a failed recording."),
    }),
  ),
};
