import { channelModels } from "./channel-models.js";
import { api, bodyParam, operation, pathParam, queryParam, type Parameter, type ResourceSpec } from "./swagger.js";

const channelId = pathParam("channelId", "Channel's id");
const notFound: [number, string] = [404, "Channel not found"];
const notInStasis: [number, string] = [409, "Channel not in a Stasis application"];

const originateParams: Parameter[] = [
  queryParam("endpoint", "string", "Endpoint to call, as TECH/resource (Local/100@default).", { required: true }),
  queryParam("extension", "string", "Extension to dial after the call is answered."),
  queryParam("context", "string", "Context to dial after the call is answered."),
  queryParam("priority", "long", "Priority to dial after the call is answered."),
  queryParam("label", "string", "Label to dial after the call is answered; wins over priority."),
  queryParam("app", "string", "Stasis application the answered call enters; with it, extension, context and priority are ignored."),
  queryParam("appArgs", "string", "Arguments passed to the application, comma separated."),
  queryParam("callerId", "string", "Caller id to use, such as \"Name\" <number>."),
  queryParam("timeout", "int", "Seconds to wait for an answer.", { defaultValue: 30 }),
  bodyParam("variables", "containers", "Channel variables to set, as {\"variables\": {\"NAME\": \"value\"}}."),
  queryParam("otherChannelId", "string", "Unique id of the second channel of a Local pair."),
  queryParam("originator", "string", "Unique id of the channel that is originating this call."),
  queryParam("formats", "string", "Comma-separated media formats, such as ulaw,slin16."),
];
const originateErrors: Array<[number, string]> = [
  [400, "Invalid parameters for originating a channel."],
  [409, "Channel with given unique ID already exists."],
];
const mohClass = queryParam("mohClass", "string", "Music on hold class; an unknown class plays default.");
const playParams: Parameter[] = [
  queryParam("media", "string", "Media URIs to play, comma separated.", { required: true, multiple: true }),
  queryParam("lang", "string", "Language of the sounds."),
  queryParam("offsetms", "int", "Milliseconds to skip at the start of the first media."),
  queryParam("skipms", "int", "Milliseconds to skip on forward and reverse.", { defaultValue: 3000 }),
];

/** The channels declaration: calls, their media and their dialplan. */
export const channelsResource: ResourceSpec = {
  name: "channels",
  description: "Channels",
  apis: [
    api(
      "/channels",
      "Active channels",
      operation("GET", "list", "List[Channel]", "List all active channels."),
      operation("POST", "originate", "Channel", "Create a channel and dial it.", [...originateParams, queryParam("channelId", "string", "Unique id of the channel.")], originateErrors),
    ),
    api(
      "/channels/create",
      "Create a channel without dialing it",
      operation(
        "POST",
        "create",
        "Channel",
        "Create a channel and place it in a Stasis application without dialing it.",
        [
          queryParam("endpoint", "string", "Endpoint to create, as TECH/resource.", { required: true }),
          queryParam("app", "string", "Stasis application to place the channel in.", { required: true }),
          queryParam("appArgs", "string", "Arguments passed to the application, comma separated."),
          queryParam("channelId", "string", "Unique id of the channel."),
          queryParam("otherChannelId", "string", "Unique id of the second channel of a Local pair."),
          queryParam("originator", "string", "Unique id of the channel that is creating this one."),
          queryParam("formats", "string", "Comma-separated media formats."),
          bodyParam("variables", "containers", "Channel variables to set."),
        ],
        originateErrors,
      ),
    ),
    api(
      "/channels/{channelId}",
      "Active channel",
      operation("GET", "get", "Channel", "Channel details.", [channelId], [notFound]),
      operation("POST", "originateWithId", "Channel", "Create a channel with the given id and dial it.", [channelId, ...originateParams], originateErrors),
      operation(
        "DELETE",
        "hangup",
        "void",
        "Hang up a channel.",
        [
          channelId,
          queryParam("reason_code", "string", "Q.850 cause code of the hang-up."),
          queryParam("reason", "string", "Reason of the hang-up; not with reason_code.", {
            values: ["normal", "busy", "congestion", "no_answer", "timeout", "rejected", "unallocated", "normal_unspecified", "number_incomplete", "codec_mismatch", "interworking", "failure", "answered_elsewhere"],
          }),
        ],
        [[400, "Invalid reason for hangup provided"], notFound],
      ),
    ),
    api(
      "/channels/{channelId}/continue",
      "Leave Stasis and continue in the dialplan",
      operation(
        "POST",
        "continueInDialplan",
        "void",
        "Exit the application; continue execution in the dialplan.",
        [
          channelId,
          queryParam("context", "string", "Context to continue to."),
          queryParam("extension", "string", "Extension to continue to."),
          queryParam("priority", "int", "Priority to continue to."),
          queryParam("label", "string", "Label to continue to; wins over priority."),
        ],
        [notFound, notInStasis],
      ),
    ),
    api("/channels/{channelId}/answer", "Answer", operation("POST", "answer", "void", "Answer a channel.", [channelId], [notFound, notInStasis, [412, "Channel in invalid state"]])),
    api(
      "/channels/{channelId}/ring",
      "Ringing indication",
      operation("POST", "ring", "void", "Indicate ringing to a channel.", [channelId], [notFound, notInStasis]),
      operation("DELETE", "ringStop", "void", "Stop ringing indication on a channel.", [channelId], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/dtmf",
      "Send DTMF",
      operation(
        "POST",
        "sendDTMF",
        "void",
        "Send DTMF to a channel.",
        [
          channelId,
          queryParam("dtmf", "string", "DTMF to send."),
          queryParam("before", "int", "Milliseconds before the first digit."),
          queryParam("between", "int", "Milliseconds between digits.", { defaultValue: 100 }),
          queryParam("duration", "int", "Milliseconds of each digit.", { defaultValue: 100 }),
          queryParam("after", "int", "Milliseconds after the last digit."),
        ],
        [[400, "DTMF is required"], notFound, notInStasis],
      ),
    ),
    api(
      "/channels/{channelId}/mute",
      "Mute",
      operation("POST", "mute", "void", "Mute a channel.", [channelId, queryParam("direction", "string", "Direction to mute.", { defaultValue: "both", values: ["both", "in", "out"] })], [notFound, notInStasis]),
      operation("DELETE", "unmute", "void", "Unmute a channel.", [channelId, queryParam("direction", "string", "Direction to unmute.", { defaultValue: "both", values: ["both", "in", "out"] })], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/hold",
      "Hold",
      operation("POST", "hold", "void", "Hold a channel.", [channelId], [notFound, notInStasis]),
      operation("DELETE", "unhold", "void", "Remove a channel from hold.", [channelId], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/moh",
      "Music on hold",
      operation("POST", "startMoh", "void", "Play music on hold to a channel.", [channelId, mohClass], [notFound, notInStasis]),
      operation("DELETE", "stopMoh", "void", "Stop playing music on hold to a channel.", [channelId], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/silence",
      "Silence",
      operation("POST", "startSilence", "void", "Play silence to a channel.", [channelId], [notFound, notInStasis]),
      operation("DELETE", "stopSilence", "void", "Stop playing silence to a channel.", [channelId], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/play",
      "Play media",
      operation("POST", "play", "Playback", "Start playback of media.", [channelId, ...playParams, queryParam("playbackId", "string", "Playback id.")], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/play/{playbackId}",
      "Play media with an id",
      operation("POST", "playWithId", "Playback", "Start playback of media with the given id.", [channelId, pathParam("playbackId", "Playback id."), ...playParams], [notFound, notInStasis]),
    ),
    api(
      "/channels/{channelId}/record",
      "Record",
      operation(
        "POST",
        "record",
        "LiveRecording",
        "Start a recording.",
        [
          channelId,
          queryParam("name", "string", "Recording's filename.", { required: true }),
          queryParam("format", "string", "Format to encode audio in.", { required: true }),
          queryParam("maxDurationSeconds", "int", "Maximum duration in seconds; 0 for no limit.", { defaultValue: 0 }),
          queryParam("maxSilenceSeconds", "int", "Maximum silence in seconds; 0 for no limit.", { defaultValue: 0 }),
          queryParam("ifExists", "string", "Action when a recording of that name exists.", { defaultValue: "fail", values: ["fail", "overwrite", "append"] }),
          queryParam("beep", "boolean", "Play a beep when recording begins.", { defaultValue: false }),
          queryParam("terminateOn", "string", "DTMF input that stops the recording.", { defaultValue: "none", values: ["none", "any", "*", "#"] }),
        ],
        [[400, "Invalid parameters"], notFound, [409, "Channel not in Stasis, or a recording of that name exists"], [422, "The format is unknown on this system"]],
      ),
    ),
    api(
      "/channels/{channelId}/variable",
      "Channel variables",
      operation("GET", "getChannelVar", "Variable", "Get the value of a channel variable or function.", [channelId, queryParam("variable", "string", "Variable or function to read.", { required: true })], [[400, "Missing variable parameter."], [404, "Channel or variable not found"]]),
      operation(
        "POST",
        "setChannelVar",
        "void",
        "Set the value of a channel variable or function.",
        [channelId, queryParam("variable", "string", "Variable or function to set.", { required: true }), queryParam("value", "string", "Value; without it the variable is unset.")],
        [[400, "Missing variable parameter."], notFound, notInStasis],
      ),
    ),
    api(
      "/channels/{channelId}/dial",
      "Dial a created channel",
      operation(
        "POST",
        "dial",
        "void",
        "Dial a channel created with POST /channels/create.",
        [channelId, queryParam("caller", "string", "Channel id of the caller."), queryParam("timeout", "int", "Seconds to wait for an answer; 0 means 30, -1 no limit.", { defaultValue: 0 })],
        [notFound, [409, "Channel cannot be dialed"]],
      ),
    ),
  ],
  models: channelModels,
};
