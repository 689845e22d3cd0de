import { pingDatabase } from "@callflow/db";
import { z } from "zod";

import type { ApiServices } from "../api-services.js";
import { buildOpenApiDocument } from "../openapi.js";
import { isDatabaseUnavailable } from "../to-api-error.js";
import { publicRoute, type ApiRoute } from "../route.js";

const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.object({
    status: z.enum(["up", "down"]),
    latencyMs: z.number().describe("Milliseconds the check query took, or waited before it failed"),
    reason: z.enum(["timeout", "unreachable", "failed"]).optional(),
  }),
  telephony: z.array(z.object({ name: z.string(), state: z.string() })).describe("Telephony connections and their states"),
});

class HealthTimeoutError extends Error {}

async function checkDatabase(services: ApiServices): Promise<z.infer<typeof healthSchema>["database"]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeoutError()), services.healthTimeoutMs);
  });

  try {
    await Promise.race([pingDatabase(services.db), timeout]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    let reason: "timeout" | "unreachable" | "failed" = "failed";

    if (error instanceof HealthTimeoutError) reason = "timeout";
    else if (isDatabaseUnavailable(error)) reason = "unreachable";

    services.logger.warn({ err: error, reason }, "database health check failed");
    return { status: "down", latencyMs: Math.round(performance.now() - started), reason };
  } finally {
    clearTimeout(timer);
  }
}

/** Builds `GET /api/health` and `GET /api/openapi.json`, which describes `routes`. */
export function healthRoutes(routes: () => readonly ApiRoute[]): ApiRoute[] {
  let openApi: unknown;

  return [
    publicRoute(
      {
        method: "GET",
        path: "/api/health",
        operationId: "getHealth",
        summary: "Checks the database with a query and lists the telephony connections",
        tag: "health",
        responses: { 200: { description: "The check query succeeded.", schema: healthSchema }, 503: { description: "The check query failed or timed out.", schema: healthSchema } },
      },
      async ({ services }) => {
        const database = await checkDatabase(services);
        const up = database.status === "up";

        return { status: up ? 200 : 503, body: { status: up ? "ok" : "unavailable", database, telephony: services.telephony() } };
      },
    ),
    publicRoute(
      {
        method: "GET",
        path: "/api/openapi.json",
        operationId: "getOpenApi",
        summary: "Returns this API's OpenAPI 3.1 document",
        tag: "health",
        responses: { 200: { description: "The OpenAPI document." } },
      },
      async () => {
        openApi ??= buildOpenApiDocument(routes());
        return { body: openApi };
      },
    ),
  ];
}
