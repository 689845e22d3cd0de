import { api, model, models, operation, pathParam, prop, queryParam, type ResourceSpec } from "./swagger.js";

/** The sounds declaration, minimal: the configured sound table. */
export const soundsResource: ResourceSpec = {
  name: "sounds",
  description: "Sounds",
  apis: [
    api(
      "/sounds",
      "Sounds",
      operation("GET", "list", "List[Sound]", "List all sounds.", [queryParam("lang", "string", "Lookup sound for a specific language."), queryParam("format", "string", "Lookup sound in a specific format.")]),
    ),
    api("/sounds/{soundId}", "Individual sound", operation("GET", "get", "Sound", "Get a sound's details.", [pathParam("soundId", "Sound's id")], [[404, "Sound not found"]])),
  ],
  models: models(
    model("FormatLangPair", "Identifies the format and language of a sound file.", { language: prop("string", "Language.", true), format: prop("string", "Format.", true) }),
    model("Sound", "A media file that may be played back.", {
      id: prop("string", "Sound's identifier.", true),
      text: prop("string", "Text description of the sound, usually the words spoken."),
      formats: prop("List[FormatLangPair]", "The formats and languages in which this sound is available.", true),
    }),
  ),
};
