import type { AsteriskCore } from "../core/asterisk.js";
import type { SimBridge } from "../core/bridge.js";
import type { SimChannel } from "../core/channel.js";
import { addToBridge, createBridge, destroyBridge, leaveBridge } from "../engine/bridging.js";
import { AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";

function requireBridge(core: AsteriskCore, id: string): SimBridge {
  const bridge = core.bridges.get(id);

  if (!bridge) throw new AriError(404, "Bridge not found");
  return bridge;
}

/**
 * Looks up the channels named by `channel`, all before any is moved: an unknown one is 400
 * "Channel not found", one outside Stasis 422.
 */
function requireChannels(core: AsteriskCore, params: RequestParams): SimChannel[] {
  const ids = params.list("channel");

  if (ids.length === 0) throw new AriError(400, "Missing parameter channel");
  return ids.map((id) => {
    const channel = core.findChannel(id);

    if (!channel?.alive) throw new AriError(400, "Channel not found");
    if (!channel.stasis) throw new AriError(422, "Channel not in Stasis application");
    return channel;
  });
}

/** `POST /bridges[/{id}]`: a mixing bridge unless `type` includes holding; a reused id is 409. */
function createHandler(params: RequestParams, core: AsteriskCore, id: string | undefined): AriResponse {
  const bridgeId = id ?? params.string("bridgeId") ?? core.newId();

  if (core.bridges.has(bridgeId)) throw new AriError(409, "Bridge with id '" + bridgeId + "' already exists");

  const types = params.list("type");
  const bridge = createBridge(core, bridgeId, types.length > 0 ? types : ["mixing"], params.string("name") ?? "");

  return ok(core.bridgeJson(bridge));
}

function addHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const bridge = requireBridge(core, params.requiredPath("bridgeId"));

  for (const channel of requireChannels(core, params)) addToBridge(core, bridge, channel);
  return noContent();
}

function removeHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const bridge = requireBridge(core, params.requiredPath("bridgeId"));
  const channels = requireChannels(core, params);

  if (channels.some((channel) => channel.bridge !== bridge)) throw new AriError(422, "Channel not in this bridge");
  for (const channel of channels) leaveBridge(core, channel);
  return noContent();
}

export function addBridgeRoutes(router: Router): void {
  router
    .add("GET", "/bridges", (_params, core) => ok([...core.bridges.values()].map((bridge) => core.bridgeJson(bridge))))
    .add("POST", "/bridges", (params, core) => createHandler(params, core, undefined))
    .add("POST", "/bridges/{bridgeId}", (params, core) => createHandler(params, core, params.requiredPath("bridgeId")))
    .add("GET", "/bridges/{bridgeId}", (params, core) => ok(core.bridgeJson(requireBridge(core, params.requiredPath("bridgeId")))))
    .add("DELETE", "/bridges/{bridgeId}", (params, core) => {
      destroyBridge(core, requireBridge(core, params.requiredPath("bridgeId")));
      return noContent();
    })
    .add("POST", "/bridges/{bridgeId}/addChannel", addHandler)
    .add("POST", "/bridges/{bridgeId}/removeChannel", removeHandler);
}
