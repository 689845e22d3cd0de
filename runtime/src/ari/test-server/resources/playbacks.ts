import type { AsteriskCore } from "../core/asterisk.js";
import { playbackJson } from "../core/json.js";
import type { SimPlayback } from "../core/playback.js";
import { controlPlayback, PLAYBACK_OPERATIONS, stopPlayback, type PlaybackOperation } from "../engine/playback-control.js";
import { AriError, noContent, ok, type AriResponse } from "../http/ari-response.js";
import type { RequestParams } from "../http/request-params.js";
import type { Router } from "../http/router.js";

function requirePlayback(core: AsteriskCore, id: string): SimPlayback {
  const playback = core.playbacks.get(id);

  if (!playback) throw new AriError(404, "Playback not found");
  return playback;
}

function controlHandler(params: RequestParams, core: AsteriskCore): AriResponse {
  const playback = requirePlayback(core, params.requiredPath("playbackId"));
  const operation = params.string("operation");

  if (!operation) throw new AriError(400, "Missing operation");
  if (!(PLAYBACK_OPERATIONS as readonly string[]).includes(operation)) throw new AriError(400, `Invalid operation ${operation}`);
  if (!controlPlayback(core, playback, operation as PlaybackOperation)) throw new AriError(409, `Can only ${operation} while media is playing`);
  return noContent();
}

export function addPlaybackRoutes(router: Router): void {
  router
    .add("GET", "/playbacks/{playbackId}", (params, core) => ok(playbackJson(requirePlayback(core, params.requiredPath("playbackId")))))
    .add("DELETE", "/playbacks/{playbackId}", (params, core) => {
      stopPlayback(core, requirePlayback(core, params.requiredPath("playbackId")));
      return noContent();
    })
    .add("POST", "/playbacks/{playbackId}/control", controlHandler);
}
