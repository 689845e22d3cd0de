import { Router } from "../http/router.js";
import { addApplicationRoutes } from "./applications.js";
import { addAsteriskRoutes } from "./asterisk.js";
import { addBridgeRoutes } from "./bridges.js";
import { addChannelActionRoutes } from "./channel-actions.js";
import { addChannelMediaRoutes } from "./channel-media.js";
import { addChannelVariableRoutes } from "./channel-variables.js";
import { addChannelRoutes } from "./channels.js";
import { addEndpointAndSoundRoutes } from "./endpoints-and-sounds.js";
import { addPlaybackRoutes } from "./playbacks.js";
import { addRecordingRoutes } from "./recordings.js";

/** Builds the router with every ARI route the server serves. */
export function createRouter(): Router {
  const router = new Router();

  addAsteriskRoutes(router);
  addApplicationRoutes(router);
  addChannelRoutes(router);
  addChannelActionRoutes(router);
  addChannelMediaRoutes(router);
  addChannelVariableRoutes(router);
  addBridgeRoutes(router);
  addPlaybackRoutes(router);
  addRecordingRoutes(router);
  addEndpointAndSoundRoutes(router);
  return router;
}
