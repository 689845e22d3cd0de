import { applicationsResource } from "./applications.js";
import { asteriskResource } from "./asterisk.js";
import { bridgesResource } from "./bridges.js";
import { channelsResource } from "./channels.js";
import { endpointsResource } from "./endpoints.js";
import { eventsResource } from "./events.js";
import { playbacksResource } from "./playbacks.js";
import { recordingsResource } from "./recordings.js";
import { soundsResource } from "./sounds.js";
import type { ResourceSpec } from "./swagger.js";

/** ARI's own API version for the Asterisk it imitates. */
// NOTE: the value is not copied from a real Asterisk 22 listing; ari-client does not read it.
const API_VERSION = "9.0.0";
const SWAGGER_VERSION = "1.1";

const RESOURCES: ResourceSpec[] = [
  asteriskResource,
  endpointsResource,
  channelsResource,
  bridgesResource,
  recordingsResource,
  soundsResource,
  playbacksResource,
  eventsResource,
  applicationsResource,
];

/** `resources.json`: the list of API declarations, each fetched by `ari-client` on connect. */
export function resourceListing(basePath: string): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    swaggerVersion: SWAGGER_VERSION,
    basePath,
    apis: RESOURCES.map((resource) => ({ path: `/api-docs/${resource.name}.{format}`, description: resource.description })),
  };
}

/** Builds one API declaration, with `basePath` pointing at this server so REST calls come back to it. */
export function apiDeclaration(name: string, basePath: string): Record<string, unknown> | undefined {
  const resource = RESOURCES.find((item) => item.name === name);

  if (!resource) return undefined;
  return {
    apiVersion: API_VERSION,
    swaggerVersion: SWAGGER_VERSION,
    basePath,
    resourcePath: `/api-docs/${resource.name}.{format}`,
    apis: resource.apis,
    models: resource.models,
  };
}
