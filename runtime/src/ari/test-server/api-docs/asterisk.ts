import { api, model, models, operation, prop, queryParam, type ResourceSpec } from "./swagger.js";

/** The asterisk declaration: system information, ping and global variables. */
export const asteriskResource: ResourceSpec = {
  name: "asterisk",
  description: "Asterisk",
  apis: [
    api(
      "/asterisk/info",
      "Asterisk system information",
      operation("GET", "getInfo", "AsteriskInfo", "Get Asterisk system information.", [
        queryParam("only", "string", "Parts of the information to return.", { multiple: true, values: ["build", "system", "config", "status"] }),
      ]),
    ),
    api("/asterisk/ping", "Asterisk ping", operation("GET", "ping", "AsteriskPing", "Answer a ping from a client.")),
    api(
      "/asterisk/variable",
      "Global variables",
      operation("GET", "getGlobalVar", "Variable", "Get the value of a global variable.", [queryParam("variable", "string", "Variable to read.", { required: true })], [[400, "Missing variable parameter."]]),
      operation(
        "POST",
        "setGlobalVar",
        "void",
        "Set the value of a global variable.",
        [queryParam("variable", "string", "Variable to set.", { required: true }), queryParam("value", "string", "Value to set.")],
        [[400, "Missing variable parameter."]],
      ),
    ),
  ],
  models: models(
    model("BuildInfo", "Information about how Asterisk was built.", {
      os: prop("string", "OS Asterisk was built on.", true),
      kernel: prop("string", "Kernel version Asterisk was built on.", true),
      options: prop("string", "Compile-time options.", true),
      machine: prop("string", "Machine architecture.", true),
      date: prop("string", "Date and time of the build.", true),
      user: prop("string", "User who built Asterisk.", true),
    }),
    model("SystemInfo", "Information about the Asterisk system.", {
      version: prop("string", "Asterisk version.", true),
      entity_id: prop("string", "Entity id (a MAC address) of this Asterisk.", true),
    }),
    model("SetId", "Effective user and group.", { user: prop("string", "Effective user.", true), group: prop("string", "Effective group.", true) }),
    model("ConfigInfo", "Information about Asterisk's configuration.", {
      name: prop("string", "Asterisk system name.", true),
      default_language: prop("string", "Default language for media playback.", true),
      max_channels: prop("int", "Maximum number of simultaneous channels."),
      max_open_files: prop("int", "Maximum number of open file handles."),
      max_load: prop("double", "Maximum load average on the system."),
      setid: prop("SetId", "Effective user and group.", true),
    }),
    model("StatusInfo", "Information about Asterisk's status.", {
      startup_time: prop("Date", "Time when Asterisk was started.", true),
      last_reload_time: prop("Date", "Time when Asterisk was last reloaded.", true),
    }),
    model("AsteriskInfo", "Asterisk system information.", {
      build: prop("BuildInfo", "Build information."),
      system: prop("SystemInfo", "System information."),
      config: prop("ConfigInfo", "Configuration information."),
      status: prop("StatusInfo", "Status information."),
    }),
    model("AsteriskPing", "Reply to a ping.", {
      asterisk_id: prop("string", "Entity id of this Asterisk.", true),
      ping: prop("string", "Always \"pong\".", true),
      timestamp: prop("string", "Time of the reply.", true),
    }),
    model("Variable", "The value of a channel or global variable.", { value: prop("string", "The value.", true) }),
  ),
};
