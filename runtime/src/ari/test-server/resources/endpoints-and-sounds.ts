import { AriError, ok } from "../http/ari-response.js";
import type { Router } from "../http/router.js";

/**
 * Minimal endpoints and sounds: the server configures no endpoints, and its sounds are the
 * names in the sound table (each in English, gsm).
 */
export function addEndpointAndSoundRoutes(router: Router): void {
  router
    .add("GET", "/endpoints", () => ok([]))
    .add("GET", "/endpoints/{tech}", () => {
      throw new AriError(404, "No Endpoints found - invalid tech");
    })
    .add("GET", "/endpoints/{tech}/{resource}", () => {
      throw new AriError(404, "Endpoint not found");
    })
    .add("GET", "/sounds", (_params, core) => ok(Object.keys(core.options.sounds).map((id) => soundJson(id))))
    .add("GET", "/sounds/{soundId}", (params, core) => {
      const id = params.requiredPath("soundId");

      if (core.options.sounds[id] === undefined) throw new AriError(404, "Sound not found");
      return ok(soundJson(id));
    });
}

function soundJson(id: string): Record<string, unknown> {
  return { id, text: "", formats: [{ language: "en", format: "gsm" }] };
}
