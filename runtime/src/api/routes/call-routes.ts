import { getCallRecordDetail, listTraceEventPage, readSensitiveValues, searchCallRecords } from "@callflow/db";
import { z } from "zod";

import { notFound } from "../api-error.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import { callDetailSchema, callListSchema, callQuerySchema, traceQuerySchema, traceSchema } from "../schemas/admin-schemas.js";
import { idSchema } from "../schemas/common-schemas.js";

const callParams = z.object({ callId: idSchema });

/** Builds the routes that list and read call records and their traces. */
export function callRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "calls.read",
      {
        method: "GET",
        path: "/api/calls",
        operationId: "listCalls",
        summary: "Lists call records, newest first, by filters and in pages",
        tag: "calls",
        query: callQuerySchema,
        responses: { 200: { description: "One page of call records.", schema: callListSchema } },
      },
      async ({ auth, query }) => {
        const filter = {
          startedFrom: query.from === undefined ? undefined : new Date(query.from),
          startedBefore: query.to === undefined ? undefined : new Date(query.to),
          flowId: query.flowId,
          outcome: query.outcome,
          channel: query.channel,
          caller: query.caller,
          called: query.called,
        };
        const page = await searchCallRecords(auth.scope, filter, { limit: query.limit, after: query.cursor });

        return { body: { items: page.items, nextCursor: page.nextAfter } };
      },
    ),
    tenantRoute(
      "calls.read",
      {
        method: "GET",
        path: "/api/calls/:callId",
        operationId: "getCall",
        summary: "Returns a call record with its variables and recordings; sensitive values need sensitive.view",
        tag: "calls",
        entity: "call",
        params: callParams,
        responses: { 200: { description: "The call record.", schema: callDetailSchema } },
      },
      async ({ auth, params }) => {
        const record = await getCallRecordDetail(auth.scope, params.callId);

        if (!record) {
          throw notFound("call");
        }

        const mayView = auth.session.permissions.includes("sensitive.view");
        return { body: { ...record, sensitiveValues: mayView ? await readSensitiveValues(auth.scope, params.callId) : null } };
      },
    ),
    tenantRoute(
      "traces.read",
      {
        method: "GET",
        path: "/api/calls/:callId/trace",
        operationId: "getCallTrace",
        summary: "Returns a call's trace events in order, in pages, optionally of some types only",
        tag: "calls",
        entity: "call",
        params: callParams,
        query: traceQuerySchema,
        responses: { 200: { description: "One page of trace events.", schema: traceSchema } },
      },
      async ({ auth, params, query }) => {
        const record = await getCallRecordDetail(auth.scope, params.callId);

        if (!record) {
          throw notFound("call");
        }

        const types = query.types?.split(",").map((type) => type.trim()).filter((type) => type !== "");
        // One event more than the page shows whether another page follows.
        const events = await listTraceEventPage(auth.scope, params.callId, { afterSeq: query.afterSeq, limit: query.limit + 1, types });
        const items = events.slice(0, query.limit);

        return { body: { items, nextAfterSeq: events.length > query.limit ? items[items.length - 1].seq : null } };
      },
    ),
  ];
}
