import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { findTenantSession, getCallRecord, listTraceEvents } from "@callflow/db";
import { CallerScriptError, type Logger } from "@callflow/sdk";
import { z } from "zod";

import { ApiError, invalidRequest, notFound } from "../api/api-error.js";
import { formatApiMessage } from "../api/api-messages.js";
import { readJsonBody, sendJson } from "../api/http-json.js";
import { parseBearerToken } from "../api/session-token.js";
import { toApiError } from "../api/to-api-error.js";
import type { RuntimeStore } from "./runtime-store.js";
import { runTestCall } from "./test-call.js";
import { fromStoredTraceEvent } from "./trace-rows.js";

/** Path of the test call route. */
export const TEST_CALLS_PATH = "/api/test-calls";

const testCallBodySchema = z.strictObject({
  /** Called number of the caller's tenant, as dialed. */
  number: z.string().min(2).max(40),
  /** Caller script such as `1@2s,1234#`. */
  input: z.string().max(2000).optional(),
  caller: z.string().regex(/^\+?[0-9]{2,20}$/).optional(),
  /** Quota the call counts against: the studio's test calls or browser calls. */
  channelKind: z.enum(["test", "web"]).default("test"),
});

/** Settings of the route that stay the same for every call. */
export interface TestCallRouteSettings {
  store: RuntimeStore;
  logger: Logger;
  timeZone: string;
  serviceLanguage: string;
  maxBodyBytes: number;
}

/**
 * Handles `POST /api/test-calls`: a simulated call to one of the signed-in tenant's numbers,
 * through the database store. The response contains the call record and its trace as stored. It needs a
 * tenant session with the `flows.test` permission.
 *
 * NOTE: this route sits beside the API's router rather than in it; errors use the API's codes
 * and JSON form, in English only.
 */
export async function handleTestCall(settings: TestCallRouteSettings, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const body = await authorizedBody(settings, request);
    const entry = await settings.store.directory.lookup(body.number);

    if (!entry || entry.tenantId !== body.tenantId) throw notFound("number");
    const { callId, record } = await runTestCall(settings.store, {
      number: body.number,
      input: body.input,
      caller: body.caller,
      channelKind: body.channelKind,
      timeZone: settings.timeZone,
      serviceLanguage: settings.serviceLanguage,
      logger: settings.logger,
    });

    await settings.store.writer.flush();
    const stored = await settings.store.db.withTenant(body.tenantId, async (scope) => ({
      record: await getCallRecord(scope, callId),
      trace: (await listTraceEvents(scope, callId)).map((event) => fromStoredTraceEvent(callId, event)),
    }));
    sendJson(response, 201, { callId, outcome: record.outcome, record: stored.record, trace: stored.trace });
  } catch (error) {
    sendRouteError(settings.logger, response, error);
  }
}

async function authorizedBody(settings: TestCallRouteSettings, request: IncomingMessage) {
  const token = parseBearerToken(request.headers.authorization);

  if (!token || token.kind !== "tenant") throw new ApiError(401, "unauthenticated");
  const session = await settings.store.db.withTenant(token.tenantId, (scope) => findTenantSession(scope, token.hash));

  if (!session) throw new ApiError(401, "unauthenticated");
  if (!session.permissions.includes("flows.test")) throw new ApiError(403, "forbidden", { permission: "flows.test" });

  const parsed = testCallBodySchema.safeParse(await readJsonBody(request, settings.maxBodyBytes));
  if (!parsed.success) throw invalidRequest(parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));
  return { ...parsed.data, tenantId: token.tenantId };
}

function sendRouteError(logger: Logger, response: ServerResponse, error: unknown): void {
  const requestId = randomUUID();
  const apiError =
    error instanceof CallerScriptError ? invalidRequest(`input: ${error.message}`) : (toApiError(error) ?? new ApiError(500, "internal-error", { requestId }));

  if (apiError.status >= 500) logger.error({ err: error, requestId }, "test call failed");
  sendJson(response, apiError.status, { error: { code: apiError.code, message: formatApiMessage(apiError.code, "en", apiError.params) } });
}
