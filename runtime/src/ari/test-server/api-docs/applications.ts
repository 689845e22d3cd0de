import { api, model, models, operation, pathParam, prop, queryParam, type ResourceSpec } from "./swagger.js";

const applicationName = pathParam("applicationName", "Application's name");
const eventSource = queryParam("eventSource", "string", "URI of the event source: channel:{id}, bridge:{id}, endpoint:{tech}[/{resource}] or deviceState:{name}.", {
  required: true,
  multiple: true,
});

/** The applications declaration: Stasis applications and their subscriptions. */
export const applicationsResource: ResourceSpec = {
  name: "applications",
  description: "Stasis applications",
  apis: [
    api("/applications", "Stasis applications", operation("GET", "list", "List[Application]", "List all applications.")),
    api("/applications/{applicationName}", "Stasis application", operation("GET", "get", "Application", "Get details of an application.", [applicationName], [[404, "Application does not exist."]])),
    api(
      "/applications/{applicationName}/subscription",
      "Stasis application subscriptions",
      operation("POST", "subscribe", "Application", "Subscribe an application to an event source.", [applicationName, eventSource], [
        [400, "Missing parameter."],
        [404, "Application does not exist."],
        [422, "Event source does not exist."],
      ]),
      operation("DELETE", "unsubscribe", "Application", "Unsubscribe an application from an event source.", [applicationName, eventSource], [
        [400, "Missing parameter; event source scheme not recognized."],
        [404, "Application does not exist."],
        [409, "Application not subscribed to event source."],
        [422, "Event source does not exist."],
      ]),
    ),
  ],
  models: models(
    model("Application", "Details of a Stasis application.", {
      name: prop("string", "Name of this application.", true),
      channel_ids: prop("List[string]", "Ids of the channels subscribed to.", true),
      bridge_ids: prop("List[string]", "Ids of the bridges subscribed to.", true),
      endpoint_ids: prop("List[string]", "Endpoints subscribed to, as {tech}/{resource}.", true),
      device_names: prop("List[string]", "Names of the device states subscribed to.", true),
      events_allowed: prop("List[object]", "Event types sent to the application.", true),
      events_disallowed: prop("List[object]", "Event types not sent to the application.", true),
    }),
  ),
};
