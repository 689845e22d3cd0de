import type { AsteriskCore } from "../core/asterisk.js";
import { isFunction, readFunction, setVariable, unsetVariable, UnknownFunctionError, writeFunction } from "../engine/variables.js";
import { AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";
import { requireStasisChannel } from "./lookup.js";

/**
 * `GET /channels/{id}/variable`: works on any channel, in Stasis or not. A variable that is not
 * set is 404; a function the server does not simulate is 500.
 */
function getHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const variable = params.string("variable");

  if (!variable) throw new AriError(400, "Variable name is required");

  const channel = core.findChannel(params.requiredPath("channelId"));

  if (!channel?.alive) throw new AriError(404, "Provided channel was not found");
  if (isFunction(variable)) {
    try {
      return ok({ value: readFunction(channel, variable) });
    } catch (error) {
      if (error instanceof UnknownFunctionError) throw new AriError(500, "Unable to read provided function");
      throw error;
    }
  }

  const value = channel.variables.get(variable);

  if (value === undefined) throw new AriError(404, "Provided variable was not found");
  return ok({ value });
}

/** `POST /channels/{id}/variable`: sets it (`value=` sets ""), or unsets it when `value` is absent. */
function setHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const variable = params.string("variable");

  if (!variable) throw new AriError(400, "Variable name is required");

  const channel = requireStasisChannel(core, params.requiredPath("channelId"));
  const value = params.string("value");

  if (isFunction(variable)) {
    try {
      writeFunction(core, channel, variable, value ?? "");
    } catch (error) {
      if (error instanceof UnknownFunctionError) throw new AriError(400, "Failed to execute function");
      throw error;
    }
    return noContent();
  }
  if (value === undefined) unsetVariable(core, channel, variable);
  else setVariable(core, channel, variable, value);
  return noContent();
}

export function addChannelVariableRoutes(router: Router): void {
  router.add("GET", "/channels/{channelId}/variable", getHandler).add("POST", "/channels/{channelId}/variable", setHandler);
}
