import type { AsteriskCore } from "../core/asterisk.js";
import { answerChannel, indicateUpstream } from "../engine/channel-state.js";
import { sendDtmf } from "../engine/dtmf.js";
import { AriError, noContent, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";
import { requireStasisChannel } from "./lookup.js";

/** Music on hold classes of the simulated `musiconhold.conf`. Any other class plays `default`, as in Asterisk. */
const MOH_CLASSES = new Set(["default"]);

/**
 * `POST .../answer`: 204 on a channel already Up. ARI cannot pick up an originated or created channel
 * that is not Up: 412 "Channel in invalid state".
 */
function answerHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));

  if (channel.kind === "local1" && channel.state !== "Up") throw new AriError(412, "Channel in invalid state");
  answerChannel(core, channel);
  return noContent();
}

/** `POST .../ring`: no event to the application; the calling side gets Ringing and `Dial` RINGING. */
function ringHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));

  if (channel.kind === "local1" && channel.state !== "Up") throw new AriError(412, "Channel in invalid state");
  indicateUpstream(core, channel, "ringing");
  return noContent();
}

function dtmfHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const channel = requireStasisChannel(core, params.requiredPath("channelId"));
  const dtmf = params.string("dtmf");

  if (!dtmf) throw new AriError(400, "DTMF is required");
  sendDtmf(core, channel, dtmf, {
    beforeMs: params.integer("before", 0),
    betweenMs: params.integer("between", 100),
    durationMs: params.integer("duration", 100),
  });
  return noContent();
}

/** Builds a route that only checks the channel and changes a flag. None of these routes sends an event. */
function flagRoute(change: (channel: ReturnType<typeof requireStasisChannel>, params: RequestParams) => void) {
  return (params: RequestParams, core: AsteriskCore): AriResponse => {
    change(requireStasisChannel(core, params.requiredPath("channelId")), params);
    return noContent();
  };
}

export function addChannelActionRoutes(router: Router): void {
  router
    .add("POST", "/channels/{channelId}/answer", answerHandler)
    .add("POST", "/channels/{channelId}/ring", ringHandler)
    .add("DELETE", "/channels/{channelId}/ring", flagRoute(() => undefined))
    .add("POST", "/channels/{channelId}/dtmf", dtmfHandler)
    .add("POST", "/channels/{channelId}/mute", flagRoute(() => undefined))
    .add("DELETE", "/channels/{channelId}/mute", flagRoute(() => undefined))
    .add("POST", "/channels/{channelId}/hold", flagRoute((channel) => (channel.onHold = true)))
    .add("DELETE", "/channels/{channelId}/hold", flagRoute((channel) => (channel.onHold = false)))
    .add(
      "POST",
      "/channels/{channelId}/moh",
      flagRoute((channel, params) => {
        const requested = params.string("mohClass") ?? "default";

        channel.mohClass = MOH_CLASSES.has(requested) ? requested : "default";
      }),
    )
    .add("DELETE", "/channels/{channelId}/moh", flagRoute((channel) => (channel.mohClass = undefined)))
    .add("POST", "/channels/{channelId}/silence", flagRoute((channel) => (channel.silence = true)))
    .add("DELETE", "/channels/{channelId}/silence", flagRoute((channel) => (channel.silence = false)));
}
