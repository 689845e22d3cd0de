import type { AsteriskCore } from "../core/asterisk.js";
import { asteriskTimestamp } from "../core/json.js";
import { AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";
import { ASTERISK_VERSION } from "../options.js";

/** `GET /asterisk/info`, optionally cut down by `only=build,system,config,status`. */
function infoHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const started = asteriskTimestamp(core.startedAt);
  const info: Record<string, unknown> = {
    build: { os: "Linux", kernel: "6.1.0", machine: "x86_64", options: "", date: "", user: "" },
    system: { version: ASTERISK_VERSION, entity_id: core.options.asteriskId },
    config: { name: core.options.systemName ?? "", default_language: "en", setid: { user: "", group: "" } },
    status: { startup_time: started, last_reload_time: started },
  };
  const only = params.list("only");

  return ok(only.length === 0 ? info : Object.fromEntries(Object.entries(info).filter(([key]) => only.includes(key))));
}

function getGlobalHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const variable = params.string("variable");

  if (!variable) throw new AriError(400, "Variable name is required");

  const value = core.globalVariables.get(variable);

  if (value === undefined) throw new AriError(404, "Provided variable was not found");
  return ok({ value });
}

/** `POST /asterisk/variable`: a global `ChannelVarset` (no channel) goes only to `subscribeAll` applications. */
function setGlobalHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const variable = params.string("variable");

  if (!variable) throw new AriError(400, "Variable name is required");

  const value = params.string("value") ?? "";

  core.globalVariables.set(variable, value);
  core.publish("ChannelVarset", { variable, value }, {});
  return noContent();
}

export function addAsteriskRoutes(router: Router): void {
  router
    .add("GET", "/asterisk/info", infoHandler)
    .add("GET", "/asterisk/ping", (_params, core) => ok({ asterisk_id: core.options.asteriskId, ping: "pong", timestamp: asteriskTimestamp(core.now()) }))
    .add("GET", "/asterisk/variable", getGlobalHandler)
    .add("POST", "/asterisk/variable", setGlobalHandler);
}
