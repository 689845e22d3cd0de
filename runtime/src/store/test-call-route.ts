import { getCallRecord, listTraceEvents } from "@callflow/db";
import { createNodeRegistry } from "@callflow/nodes";
import { CallerScriptError, type Logger, type NodeRegistry } from "@callflow/sdk";
import { z } from "zod";

import { invalidRequest, notFound } from "../api/api-error.js";
import { tenantRoute, type ApiRoute } from "../api/route.js";
import type { TtsProvider } from "../media/tts/provider.js";
import type { RuntimeStore } from "./runtime-store.js";
import { runTestCall } from "./test-call.js";
import { detectEspeak, TestCallAudio, testCallAudioRoutes } from "./test-call-audio.js";
import { callerInputRoutes } from "./test-call-replay.js";
import { testCallSocketRoutes } from "./test-call-socket.js";

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
  /** Node types of live test calls. Default: the built-in nodes. */
  registry?: NodeRegistry;
  /** Synthesizer of live test calls' prompt audio; null for none. Default: espeak-ng when it is installed. */
  tts?: TtsProvider | null;
  /** Milliseconds a test call socket has to authenticate. Default 10,000. */
  socketAuthTimeoutMs?: number;
}

/**
 * Builds the test call routes. `POST /api/test-calls` runs a simulated call to one of the
 * signed-in tenant's numbers on a virtual clock, for users with the `flows.test` permission, and
 * returns the call record and its trace as stored. The other routes are the WebSocket of live
 * test calls, the audio of their prompts, and the caller input of stored calls for replay.
 */
export function testCallRoutes(settings: TestCallRouteSettings): ApiRoute[] {
  const audio = new TestCallAudio({ tts: settings.tts === undefined ? detectEspeak() : (settings.tts ?? undefined), logger: settings.logger });
  const live = { ...settings, registry: settings.registry ?? createNodeRegistry(), audio, authTimeoutMs: settings.socketAuthTimeoutMs };

  return [
    ...testCallSocketRoutes(live),
    ...testCallAudioRoutes(audio),
    ...callerInputRoutes(),
    tenantRoute(
      "flows.test",
      {
        method: "POST",
        path: "/api/test-calls",
        operationId: "runTestCall",
        summary: "Runs a simulated call to one of the tenant's numbers and returns its call record and trace",
        tag: "calls",
        body: testCallBodySchema,
        responses: { 201: { description: "The call's outcome, its stored call record and its trace events in order, shaped as GET /api/calls/{callId}/trace returns them." } },
        errors: [404],
      },
      async ({ auth, body }) => {
        const entry = await settings.store.directory.lookup(body.number);

        if (!entry || entry.tenantId !== auth.scope.tenantId) throw notFound("number");
        const { callId, record } = await runTestCallChecked(settings, body);

        // The call ran outside the route's transaction; its rows are committed once the flush is.
        await settings.store.writer.flush();
        const stored = await getCallRecord(auth.scope, callId);
        // The same event shape as GET /api/calls/{callId}/trace and the test call socket.
        const trace = await listTraceEvents(auth.scope, callId);

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
