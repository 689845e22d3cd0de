import type { AsteriskCore } from "../core/asterisk.js";
import { HANGUP_REASONS } from "../core/causes.js";
import { continueInDialplan, resolveContinueTarget } from "../engine/continue.js";
import { hangUp } from "../engine/hangup.js";
import { createChannel, dialCreated, originate, parseLocalResource } from "../engine/local-call.js";
import { allocationFailed, AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";
import { requireChannel, requireStasisChannel } from "./lookup.js";

/** Splits `TECH/resource`; only the Local technology can be allocated here. */
function parseEndpoint(endpoint: string | undefined): { technology: string; resource: string } {
  if (!endpoint) throw new AriError(400, "Endpoint must be specified");

  const slash = endpoint.indexOf("/");

  if (slash === -1 || slash === endpoint.length - 1) throw new AriError(400, "Invalid endpoint specified");
  return { technology: endpoint.slice(0, slash), resource: endpoint.slice(slash + 1) };
}

function checkIdsFree(core: AsteriskCore, params: RequestParams, channelId: string | undefined): void {
  for (const id of [channelId, params.string("otherChannelId")]) {
    if (id && core.channels.has(id)) throw new AriError(409, "Channel with given unique ID already exists");
  }
}

function originateHandler(params: RequestParams, core: AsteriskCore, channelId: string | undefined): AriResponse {
  const endpoint = parseEndpoint(params.string("endpoint"));
  const app = params.string("app");
  const extension = params.string("extension");

  if (!app && !extension) throw new AriError(400, "Application or extension must be specified");
  checkIdsFree(core, params, channelId);

  const variables = params.variables();

  if (endpoint.technology.toLowerCase() !== "local") throw allocationFailed();

  const channel = originate(core, {
    target: parseLocalResource(endpoint.resource),
    app,
    appArgs: params.list("appArgs"),
    context: params.string("context") || "default",
    extension: extension ?? "",
    priority: params.integer("priority", 1) || 1,
    callerId: params.string("callerId"),
    timeoutSeconds: params.integer("timeout", 30),
    variables,
    channelId,
    otherChannelId: params.string("otherChannelId"),
  });

  return ok(core.channelJson(channel));
}

function createHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channelId = params.string("channelId");
  const endpoint = parseEndpoint(params.string("endpoint"));
  const app = params.string("app");

  if (!app) throw new AriError(400, "Application must be specified");
  checkIdsFree(core, params, channelId);

  const variables = params.variables();

  if (endpoint.technology.toLowerCase() !== "local") throw allocationFailed();

  const channel = createChannel(core, {
    target: parseLocalResource(endpoint.resource),
    app,
    appArgs: params.list("appArgs"),
    variables,
    channelId,
    otherChannelId: params.string("otherChannelId"),
  });

  return ok(core.channelJson(channel));
}

/** `DELETE /channels/{id}`: `reason` or `reason_code` (Q.850), default normal clearing (16). */
function hangupHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireChannel(core, params.requiredPath("channelId"));
  const reason = params.string("reason");
  const reasonCode = params.string("reason_code");

  if (reason && reasonCode) throw new AriError(400, "The reason and reason_code can't both be specified");

  let cause = 16;

  if (reasonCode) cause = Number.parseInt(reasonCode, 10) || 0;
  if (reason) {
    if (HANGUP_REASONS[reason] === undefined) throw new AriError(400, "Invalid reason for hangup reason provided");
    cause = HANGUP_REASONS[reason];
  }
  hangUp(core, channel, { kind: "explicit", cause });
  return noContent();
}

function continueHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));
  const target = resolveContinueTarget(core, channel, {
    context: params.string("context"),
    extension: params.string("extension"),
    priority: params.integer("priority", 0),
    label: params.string("label"),
  });

  if (!target) throw new AriError(404, "Requested label can not be found");
  continueInDialplan(core, channel, target);
  return noContent();
}

/** `POST /channels/{id}/dial`: only a created channel still Down can be dialed. */
function dialHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));

  if (channel.state !== "Down" || channel.kind !== "local1" || channel.outbound || !channel.peer?.alive) {
    throw new AriError(409, "Channel is not in the 'Down' state");
  }
  dialCreated(core, channel, params.integer("timeout", 0));
  return noContent();
}

export function addChannelRoutes(router: Router): void {
  router
    .add("GET", "/channels", (_params, core) => ok([...core.channels.values()].filter((channel) => channel.alive).map((channel) => core.channelJson(channel))))
    .add("POST", "/channels", (params, core) => originateHandler(params, core, params.string("channelId")))
    .add("POST", "/channels/create", createHandler)
    .add("GET", "/channels/{channelId}", (params, core) => ok(core.channelJson(requireChannel(core, params.requiredPath("channelId")))))
    .add("POST", "/channels/{channelId}", (params, core) => originateHandler(params, core, params.requiredPath("channelId")))
    .add("DELETE", "/channels/{channelId}", hangupHandler)
    .add("POST", "/channels/{channelId}/continue", continueHandler)
    .add("POST", "/channels/{channelId}/dial", dialHandler);
}
