import { model, models, prop, type Model, type Property } from "./swagger.js";

const channel = (description = "The channel."): Property => prop("Channel", description, true);
const bridge = prop("Bridge", "The bridge.", true);
const playback = prop("Playback", "Playback control object.", true);
const recording = prop("LiveRecording", "Recording control object.", true);

/** Event models by type, each extending `Event`. */
const eventTypes: Model[] = [
  model("ApplicationReplaced", "Another WebSocket took over this application; no more events come on this one.", {}),
  model("StasisStart", "A channel entered a Stasis application.", {
    args: prop("List[string]", "Arguments to the application.", true),
    channel: channel(),
    replace_channel: prop("Channel", "The channel this one replaces, after a transfer."),
  }),
  model("StasisEnd", "A channel left a Stasis application.", { channel: channel() }),
  model("ChannelStateChange", "The state of a channel changed.", { channel: channel() }),
  model("ChannelDtmfReceived", "A DTMF digit ended on a channel.", {
    digit: prop("string", "The digit: 0-9, A-E, # or *.", true),
    duration_ms: prop("int", "Number of milliseconds the digit lasted.", true),
    channel: channel("The channel that heard the digit."),
  }),
  model("ChannelHangupRequest", "Someone asked for a channel to be hung up.", {
    cause: prop("int", "The cause: Q.850, or a soft hang-up flag when soft is true."),
    soft: prop("boolean", "Whether the hang-up request was a soft hang-up request."),
    channel: channel(),
  }),
  model("ChannelDestroyed", "A channel was destroyed.", {
    cause: prop("int", "Q.850 cause of the hang-up.", true),
    cause_txt: prop("string", "Text of the cause.", true),
    channel: channel(),
  }),
  model("ChannelVarset", "A channel variable changed.", {
    variable: prop("string", "The variable that changed.", true),
    value: prop("string", "The new value of the variable.", true),
    channel: prop("Channel", "The channel; absent for a global variable."),
  }),
  model("ChannelDialplan", "A channel changed location in the dialplan.", {
    channel: channel(),
    dialplan_app: prop("string", "The application about to run.", true),
    dialplan_app_data: prop("string", "The data passed to that application.", true),
  }),
  model("ChannelCallerId", "A channel's caller id changed.", {
    caller_presentation: prop("int", "The integer representation of the caller presentation value.", true),
    caller_presentation_txt: prop("string", "The text representation of the caller presentation value.", true),
    channel: channel(),
  }),
  model("ChannelConnectedLine", "A channel's connected line changed.", { channel: channel() }),
  model("ChannelEnteredBridge", "A channel joined a bridge.", { bridge, channel: prop("Channel", "The channel.") }),
  model("ChannelLeftBridge", "A channel left a bridge.", { bridge, channel: channel() }),
  model("BridgeDestroyed", "A bridge was destroyed.", { bridge }),
  model("Dial", "Progress of a dial.", {
    caller: prop("Channel", "The calling channel."),
    peer: prop("Channel", "The dialed channel.", true),
    forward: prop("string", "Forwarding target requested by the dialed channel."),
    forwarded: prop("Channel", "Channel that the caller has been forwarded to."),
    dialstring: prop("string", "The dial string for calling the peer channel."),
    dialstatus: prop("string", "Current status of the dial.", true),
  }),
  model("PlaybackStarted", "A media playback began.", { playback }),
  model("PlaybackContinuing", "A media playback moved on to the next media of its list.", { playback }),
  model("PlaybackFinished", "A media playback ended.", { playback }),
  model("RecordingStarted", "A recording began.", { recording }),
  model("RecordingFinished", "A recording ended.", { recording }),
  model("RecordingFailed", "A recording failed.", { recording }),
];

/** Every event type the server can send; `ari-client` throws on a type missing from the models. */
export const EVENT_TYPES = eventTypes.map((item) => item.id);

export const eventModels = models(
  model(
    "Message",
    "Base type for errors and events.",
    { type: prop("string", "Indicates the type of this message.", true), asterisk_id: prop("string", "The unique id of the Asterisk that generated this message.") },
    { discriminator: "type", subTypes: ["MissingParams", "Event"] },
  ),
  model("MissingParams", "Error event sent when required params are missing.", { params: prop("List[string]", "A list of the missing parameters.", true) }, { extends: "Message" }),
  model(
    "Event",
    "Base type for asynchronous events from Asterisk.",
    { application: prop("string", "Name of the application receiving the event.", true), timestamp: prop("Date", "Time at which this event was created.", true) },
    { extends: "Message", subTypes: EVENT_TYPES },
  ),
  ...eventTypes.map((item) => ({ ...item, extends: "Event" })),
);
