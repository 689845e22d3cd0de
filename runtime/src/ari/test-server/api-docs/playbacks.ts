import { api, model, models, operation, pathParam, prop, queryParam, type ResourceSpec } from "./swagger.js";

const playbackId = pathParam("playbackId", "Playback's id");

/** The playbacks declaration: control of media playing on a channel. */
export const playbacksResource: ResourceSpec = {
  name: "playbacks",
  description: "Playback control",
  apis: [
    api(
      "/playbacks/{playbackId}",
      "Control object for a playback operation.",
      operation("GET", "get", "Playback", "Get a playback's details.", [playbackId], [[404, "The playback cannot be found"]]),
      operation("DELETE", "stop", "void", "Stop a playback.", [playbackId], [[404, "The playback cannot be found"]]),
    ),
    api(
      "/playbacks/{playbackId}/control",
      "Control object for a playback operation.",
      operation(
        "POST",
        "control",
        "void",
        "Control a playback.",
        [playbackId, queryParam("operation", "string", "Operation to perform on the playback.", { required: true, values: ["restart", "pause", "unpause", "reverse", "forward"] })],
        [[400, "The provided operation parameter was invalid"], [404, "The playback cannot be found"], [409, "The operation cannot be performed in the playback's current state"]],
      ),
    ),
  ],
  models: models(
    model("Playback", "Object representing the playback of media to a channel.", {
      id: prop("string", "Id of this playback operation.", true),
      media_uri: prop("string", "URI of the media playing now.", true),
      next_media_uri: prop("string", "URI of the media that plays next, if any."),
      target_uri: prop("string", "URI of the channel or bridge the media plays to.", true),
      language: prop("string", "Language of the media."),
      state: prop("string", "Current state of the playback.", true, ["queued", "playing", "continuing", "done", "failed"]),
    }),
  ),
};
