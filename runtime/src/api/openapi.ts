import { z } from "zod";

import { errorResponseSchema } from "./schemas/common-schemas.js";
import type { ApiRoute } from "./route.js";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "The request is invalid: a query parameter or the body fails validation, or the body is not JSON.",
  401: "No valid session token was sent.",
  403: "The signed-in user lacks the permission, or the tenant is suspended.",
  404: "The resource does not exist or belongs to another tenant.",
  405: "The path does not accept this method.",
  409: "The change conflicts with the stored state.",
  413: "The body is larger than the server's limit.",
  415: "The body is not declared as JSON.",
  422: "The flow does not compile.",
  500: "The server failed; the message contains a reference for the operator.",
  503: "The database cannot be reached.",
};

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

  // The document declares its JSON Schema dialect once, for OpenAPI 3.1, so each schema drops its own.
  delete converted.$schema;
  return converted;
}

// Documents the header of execute-route's TENANT_HEADER on every tenant route.
const CHOSEN_TENANT_PARAMETER: JsonSchema = {
  name: "X-Callflow-Tenant",
  in: "header",
  required: false,
  description:
    "Id of the tenant to work in. Platform users must send it; their platform roles then grant the tenant permissions of an analyst. A tenant user may send only the id of their own tenant.",
  schema: { type: "string", format: "uuid" },
};

function parametersOf(schema: z.ZodType | undefined, location: "path" | "query"): JsonSchema[] {
  if (!schema) {
    return [];
  }

  const object = toJsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

function errorStatusesOf(route: ApiRoute): number[] {
  const statuses = new Set<number>(route.errors ?? []);

  if (route.query || route.body) statuses.add(400);
  if (route.body) [413, 415].forEach((status) => statuses.add(status));
  if (route.access.kind !== "public") [401, 403, 503].forEach((status) => statuses.add(status));
  if (route.params) statuses.add(404);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operationOf(route: ApiRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};

  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema ? { content: { "application/json": { schema: toJsonSchema(response.schema, "output") } } } : {}),
    };
  }
  for (const status of errorStatusesOf(route)) {
    responses[String(status)] ??= { description: ERROR_DESCRIPTIONS[status] ?? "Error.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }

  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    security: route.access.kind === "public" ? [] : [{ bearerAuth: [] }],
    ...(route.access.kind === "tenant" || route.access.kind === "platform" ? { "x-permission": route.access.permission } : {}),
    parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query"), ...(route.access.kind === "tenant" ? [CHOSEN_TENANT_PARAMETER] : [])],
    ...(route.body ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { "application/json": { schema: toJsonSchema(route.body, "input") } } } } : {}),
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of `routes` from their zod schemas. */
export function buildOpenApiDocument(routes: readonly ApiRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};

  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");

    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route);
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Callflow Studio runtime API",
      version: "1",
      description: "Flows, node catalogue, sessions and administration of the Callflow runtime service. Errors are { error: { code, message, details? } }.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "The token that POST /api/sessions returns." } },
      schemas: { Error: toJsonSchema(errorResponseSchema, "output") },
    },
  };
}
