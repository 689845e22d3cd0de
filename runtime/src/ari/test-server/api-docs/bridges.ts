import { api, model, models, operation, pathParam, prop, queryParam, type ResourceSpec } from "./swagger.js";

const bridgeId = pathParam("bridgeId", "Bridge's id");
const createParams = [
  queryParam("type", "string", "Comma-separated bridge features: mixing, holding, dtmf_events, proxy_media, video_sfu, video_single."),
  queryParam("name", "string", "Name to give to the bridge."),
];
const channelParam = queryParam("channel", "string", "Ids of channels, comma separated.", { required: true, multiple: true });

/** The bridges declaration: mixing bridges for Stasis channels. */
export const bridgesResource: ResourceSpec = {
  name: "bridges",
  description: "Bridges",
  apis: [
    api(
      "/bridges",
      "Active bridges",
      operation("GET", "list", "List[Bridge]", "List all active bridges."),
      operation("POST", "create", "Bridge", "Create a new bridge.", [...createParams, queryParam("bridgeId", "string", "Unique id of the bridge.")], [[409, "Bridge with the same bridgeId already exists"]]),
    ),
    api(
      "/bridges/{bridgeId}",
      "Bridge",
      operation("POST", "createWithId", "Bridge", "Create a new bridge with the given id.", [bridgeId, ...createParams], [[409, "Bridge with the same bridgeId already exists"]]),
      operation("GET", "get", "Bridge", "Get bridge details.", [bridgeId], [[404, "Bridge not found"]]),
      operation("DELETE", "destroy", "void", "Shut down a bridge; its channels stay in Stasis.", [bridgeId], [[404, "Bridge not found"]]),
    ),
    api(
      "/bridges/{bridgeId}/addChannel",
      "Add a channel to a bridge",
      operation(
        "POST",
        "addChannel",
        "void",
        "Add channels to a bridge.",
        [
          bridgeId,
          channelParam,
          queryParam("role", "string", "Channel's role in the bridge."),
          queryParam("absorbDTMF", "boolean", "Absorb DTMF coming from the channels.", { defaultValue: false }),
          queryParam("mute", "boolean", "Mute audio from the channels.", { defaultValue: false }),
          queryParam("inhibitConnectedLineUpdates", "boolean", "Do not send connected line updates.", { defaultValue: false }),
        ],
        [[400, "Channel not found"], [404, "Bridge not found"], [409, "Bridge not in Stasis application"], [422, "Channel not in Stasis application"]],
      ),
    ),
    api(
      "/bridges/{bridgeId}/removeChannel",
      "Remove a channel from a bridge",
      operation("POST", "removeChannel", "void", "Remove channels from a bridge.", [bridgeId, channelParam], [
        [400, "Channel not found"],
        [404, "Bridge not found"],
        [409, "Bridge not in Stasis application"],
        [422, "Channel not in this bridge"],
      ]),
    ),
  ],
  models: models(
    model("Bridge", "The merging of media from one or more channels.", {
      id: prop("string", "Unique id of this bridge.", true),
      technology: prop("string", "Name of the current bridging technology.", true),
      bridge_type: prop("string", "Type of bridge technology.", true, ["mixing", "holding"]),
      bridge_class: prop("string", "Bridging class.", true),
      creator: prop("string", "Entity that created the bridge.", true),
      name: prop("string", "Name the creator gave the bridge.", true),
      channels: prop("List[string]", "Ids of the channels in this bridge.", true),
      video_mode: prop("string", "Video mode of the bridge.", false, ["none", "talker", "single", "sfu"]),
      video_source_id: prop("string", "Id of the channel that is the video source in single mode."),
      creationtime: prop("Date", "When the bridge was created.", true),
    }),
  ),
};
