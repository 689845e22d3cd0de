import { getCallRecord, listTraceEvents } from "@callflow/db";
import { CallerScriptError, type Logger } from "@callflow/sdk";
import { z } from "zod";

import { invalidRequest, notFound } from "../api/api-error.js";
import { tenantRoute, type ApiRoute } from "../api/route.js";
import type { RuntimeStore } from "./runtime-store.js";
import { runTestCall } from "./test-call.js";
import { fromStoredTraceEvent } from "./trace-rows.js";

const testCallBodySchema = z.strictObject({
  /** Called number of the caller's tenant, as dialed. */
  number: z.string().min(2).max(40),
  /** Caller script such as `1@2s,1234#`. */
  input: z.string().max(2000).optional(),
  caller: z.string().regex(/^\+?[0-9]{2,20}$/).optional(),
  /** Quota the call counts against: the studio's test calls or browser calls. */
  channelKind: z.enum(["test", "web"]).default("test"),
});

/** Settings of the test call route that stay the same for every call. */
export interface TestCallRouteSettings {
  store: RuntimeStore;
  logger: Logger;
  timeZone: string;
  serviceLanguage: string;
}

/**
 * Builds `POST /api/test-calls`: a simulated call to one of the signed-in tenant's numbers,
 * through the database store, for users with the `flows.test` permission. The response contains
 * the call record and its trace as stored.
 */
export function testCallRoutes(settings: TestCallRouteSettings): ApiRoute[] {
  return [
    tenantRoute(
      "flows.test",
      {
        method: "POST",
        path: "/api/test-calls",
        operationId: "runTestCall",
        summary: "Runs a simulated call to one of the tenant's numbers and returns its call record and trace",
        tag: "calls",
        body: testCallBodySchema,
        responses: { 201: { description: "The call's outcome, its stored call record and its trace events in order." } },
        errors: [404],
      },
      async ({ auth, body }) => {
        const entry = await settings.store.directory.lookup(body.number);

        if (!entry || entry.tenantId !== auth.scope.tenantId) throw notFound("number");
        const { callId, record } = await runTestCallChecked(settings, body);

        // The call ran outside the route's transaction; its rows are committed once the flush is.
        await settings.store.writer.flush();
        const stored = await getCallRecord(auth.scope, callId);
        const trace = (await listTraceEvents(auth.scope, callId)).map((event) => fromStoredTraceEvent(callId, event));

        return { status: 201, body: { callId, outcome: record.outcome, record: stored, trace } };
      },
    ),
  ];
}

async function runTestCallChecked(settings: TestCallRouteSettings, body: z.output<typeof testCallBodySchema>) {
  try {
    return await runTestCall(settings.store, { ...body, timeZone: settings.timeZone, serviceLanguage: settings.serviceLanguage, logger: settings.logger });
  } catch (error) {
    if (error instanceof CallerScriptError) throw invalidRequest(`input: ${error.message}`);
    throw error;
  }
}
