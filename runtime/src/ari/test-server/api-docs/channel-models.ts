import { model, models, prop } from "./swagger.js";

const CHANNEL_STATES = ["Down", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up", "Busy", "Dialing Offhook", "Pre-ring", "Unknown"];

/** Models of the channels declaration: the channel snapshot and its parts. */
export const channelModels = models(
  model("Dialed", "Dialed channel information.", {}),
  model("DialplanCEP", "Dialplan location (context/extension/priority), with the application running there.", {
    context: prop("string", "Context in the dialplan.", true),
    exten: prop("string", "Extension in the dialplan.", true),
    priority: prop("long", "Priority in the dialplan.", true),
    app_name: prop("string", "Name of the dialplan application the channel is running.", true),
    app_data: prop("string", "Argument string of that application.", true),
  }),
  model("CallerID", "Caller id: a name and a number.", {
    name: prop("string", "Name.", true),
    number: prop("string", "Number.", true),
  }),
  model("Channel", "A channel: one leg of a call.", {
    id: prop("string", "Unique id of the channel, the same as the dialplan's UNIQUEID.", true),
    protocol_id: prop("string", "Protocol id of the channel's signalling (the SIP Call-ID for PJSIP).", true),
    name: prop("string", "Name of the channel, such as PJSIP/1000-00000001.", true),
    state: prop("string", "Channel state.", true, CHANNEL_STATES),
    caller: prop("CallerID", "Caller id of the channel.", true),
    connected: prop("CallerID", "Caller id of the party the channel is connected to.", true),
    accountcode: prop("string", "Account code.", true),
    dialplan: prop("DialplanCEP", "Current location in the dialplan.", true),
    creationtime: prop("Date", "When the channel was created.", true),
    language: prop("string", "Default language of the channel.", true),
    channelvars: prop("object", "Channel variables named by channelvars in ari.conf."),
    caller_rdnis: prop("string", "Redirecting number (RDNIS), when there is one."),
    tenantid: prop("string", "Tenant id of the channel, when set."),
  }),
);
