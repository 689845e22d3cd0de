import { eventModels } from "./event-models.js";
import { api, operation, queryParam, type ResourceSpec } from "./swagger.js";

const websocket = operation("GET", "eventWebsocket", "Message", "WebSocket connection for events.", [
  queryParam("app", "string", "Applications to subscribe to.", { required: true, multiple: true }),
  queryParam("subscribeAll", "boolean", "Subscribe to all Asterisk events."),
]);

/** The events declaration: the WebSocket and every event model. */
export const eventsResource: ResourceSpec = {
  name: "events",
  description: "WebSocket resource",
  apis: [api("/events", "Events from Asterisk to applications", { ...websocket, upgrade: "websocket", websocketProtocol: "ari" })],
  models: eventModels,
};
