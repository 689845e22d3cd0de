import { getCallRecord, listTraceEvents, type TenantScope } from "@callflow/db";
import type { CallerAction } from "@callflow/sdk";
import { z } from "zod";

import { notFound } from "../api/api-error.js";
import { tenantRoute, type ApiRoute } from "../api/route.js";
import { idSchema } from "../api/schemas/common-schemas.js";

/** The caller's side of a stored call: what a replay feeds into another version of a flow. */
export interface CallerInput {
  callId: string;
  /** When the call's session started, on the call's clock. */
  startedAt: Date;
  /** Keys and the hang-up, in milliseconds from `startedAt`, in order. */
  actions: CallerAction[];
}

/**
 * Reads a stored call's caller input from its trace: each `input.digit` and `input.hangup`
 * event, timed from the `call.started` event, or from the record's start when the trace lacks
 * one. Returns undefined when the scope's tenant has no call with this id.
 */
export async function readCallerInput(scope: TenantScope, callId: string): Promise<CallerInput | undefined> {
  const record = await getCallRecord(scope, callId);

  if (!record) return undefined;

  const events = await listTraceEvents(scope, callId);
  const started = events.find((event) => event.type === "call.started")?.at ?? record.startedAt;
  const actions: CallerAction[] = [];

  for (const event of events) {
    const atMs = Math.max(0, event.at.getTime() - started.getTime());

    if (event.type === "input.digit" && typeof event.data.digit === "string") actions.push({ atMs, action: event.data.digit });
    if (event.type === "input.hangup") actions.push({ atMs, action: "hangup" });
  }
  return { callId, startedAt: started, actions };
}

/** Writes caller input as a caller script that parseCallerScript reads back, such as `1@1.2s,hangup@4s`. */
export function toCallerScript(actions: readonly CallerAction[]): string {
  return actions.map((action) => `${action.action}@${action.atMs}ms`).join(",");
}

const callerInputSchema = z.object({
  callId: z.string(),
  startedAt: z.iso.datetime(),
  actions: z.array(z.object({ atMs: z.number().int().describe("Milliseconds from startedAt"), action: z.string().describe("A key (0-9, *, #, A-D) or hangup") })),
  script: z.string().describe("The same actions as a caller script, for the input of POST /api/test-calls"),
});

/** Builds `GET /api/calls/:callId/caller-input`, which returns what a replay of the call feeds in. */
export function callerInputRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "traces.read",
      {
        method: "GET",
        path: "/api/calls/:callId/caller-input",
        operationId: "getCallerInput",
        summary: "Returns the caller input of a stored call (keys with their timing, hang-up) for replay against a draft",
        tag: "calls",
        entity: "call",
        params: z.object({ callId: idSchema }),
        responses: { 200: { description: "The caller's keys and hang-up, timed from the start of the call.", schema: callerInputSchema } },
      },
      async ({ auth, params }) => {
        const input = await readCallerInput(auth.scope, params.callId);

        if (!input) throw notFound("call");
        return { body: { callId: input.callId, startedAt: input.startedAt.toISOString(), actions: input.actions, script: toCallerScript(input.actions) } };
      },
    ),
  ];
}
