import type { AsteriskCore } from "../core/asterisk.js";
import { AriError, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";

/** Builds the `Application` model: the channels and bridges the application is subscribed to. */
function applicationJson(core: AsteriskCore, name: string): Record<string, unknown> {
  const channelIds = [...core.channels.values()].filter((channel) => channel.alive && channel.recipients().has(name)).map((channel) => channel.id);
  const bridgeIds = [...core.bridges.values()].filter((bridge) => bridge.subscribers.has(name)).map((bridge) => bridge.id);

  return { name, channel_ids: channelIds, bridge_ids: bridgeIds, endpoint_ids: [], device_names: [], events_allowed: [], events_disallowed: [] };
}

/**
 * Tells whether the application exists: it has a WebSocket, or channels still in it. With neither,
 * Asterisk has forgotten it and replies 404.
 */
function applicationExists(core: AsteriskCore, name: string): boolean {
  if (core.applications.isActive(name)) return true;
  return [...core.channels.values()].some((channel) => channel.alive && channel.stasis?.app === name);
}

function requireApplication(core: AsteriskCore, name: string): void {
  if (!applicationExists(core, name)) throw new AriError(404, "Application not found");
}

/**
 * `POST`/`DELETE /applications/{app}/subscription`, for `channel:` and `bridge:` sources. A
 * subscription to a bridge is what makes `BridgeDestroyed` reach the application.
 */
function subscriptionHandler(params: RequestParams, core: AsteriskCore, subscribe: boolean): AriResponse {
  const name = params.requiredPath("applicationName");
  const sources = params.list("eventSource");

  if (sources.length === 0) throw new AriError(400, "Missing parameter eventSource");
  requireApplication(core, name);

  const targets = sources.map((source) => {
    const [scheme, id] = [source.slice(0, source.indexOf(":")), source.slice(source.indexOf(":") + 1)];

    if (scheme === "channel") {
      const channel = core.findChannel(id);

      if (!channel?.alive) throw new AriError(422, "Event source does not exist");
      return channel.subscribers;
    }
    if (scheme === "bridge") {
      const bridge = core.bridges.get(id);

      if (!bridge) throw new AriError(422, "Event source does not exist");
      return bridge.subscribers;
    }
    throw new AriError(400, `Invalid event source URI scheme: ${source}`);
  });

  if (!subscribe && targets.some((subscribers) => !subscribers.has(name))) throw new AriError(409, "Application not subscribed to event source");
  for (const subscribers of targets) {
    if (subscribe) subscribers.add(name);
    else subscribers.delete(name);
  }
  return ok(applicationJson(core, name));
}

export function addApplicationRoutes(router: Router): void {
  router
    .add("GET", "/applications", (_params, core) => {
      const names = new Set([...core.applications.activeNames(), ...[...core.channels.values()].flatMap((channel) => (channel.stasis ? [channel.stasis.app] : []))]);

      return ok([...names].map((name) => applicationJson(core, name)));
    })
    .add("GET", "/applications/{applicationName}", (params, core) => {
      const name = params.requiredPath("applicationName");

      requireApplication(core, name);
      return ok(applicationJson(core, name));
    })
    .add("POST", "/applications/{applicationName}/subscription", (params, core) => subscriptionHandler(params, core, true))
    .add("DELETE", "/applications/{applicationName}/subscription", (params, core) => subscriptionHandler(params, core, false));
}
