import { api, model, models, operation, pathParam, prop, type ResourceSpec } from "./swagger.js";

/** The endpoints declaration, minimal: the server has no endpoint configuration. */
export const endpointsResource: ResourceSpec = {
  name: "endpoints",
  description: "Endpoints",
  apis: [
    api("/endpoints", "Asterisk endpoints", operation("GET", "list", "List[Endpoint]", "List all endpoints.")),
    api("/endpoints/{tech}", "Asterisk endpoints of a technology", operation("GET", "listByTech", "List[Endpoint]", "List the endpoints of a technology.", [pathParam("tech", "Technology of the endpoints (PJSIP, IAX2, ...)")], [[404, "Endpoints not found"]])),
    api(
      "/endpoints/{tech}/{resource}",
      "Single endpoint",
      operation("GET", "get", "Endpoint", "Details of an endpoint.", [pathParam("tech", "Technology of the endpoint"), pathParam("resource", "Id of the endpoint")], [
        [400, "Invalid parameters for sending a message."],
        [404, "Endpoints not found"],
      ]),
    ),
  ],
  models: models(
    model("Endpoint", "An external device that may offer or accept calls.", {
      technology: prop("string", "Technology of the endpoint.", true),
      resource: prop("string", "Identifier of the endpoint, specific to its technology.", true),
      state: prop("string", "Endpoint's state.", false, ["unknown", "offline", "online"]),
      channel_ids: prop("List[string]", "Ids of the endpoint's channels.", true),
    }),
  ),
};
