import { CALL_OUTCOMES, CHANNEL_KINDS } from "@callflow/db";
import { INTERFACE_LOCALES } from "@callflow/sdk";
import { z } from "zod";

import { idSchema, timestampSchema } from "./common-schemas.js";

/** A called number as carriers deliver it: digits, optionally with a leading `+`. */
export const phoneNumberTextSchema = z.string().regex(/^\+?[0-9]{2,20}$/, "2-20 digits, optionally after a +");

export const phoneNumberSchema = z.object({
  id: z.string(),
  number: z.string(),
  flowId: z.string().nullable().describe("Flow that takes calls to the number"),
  flowName: z.string().nullable(),
  callerId: z.string().nullable().describe("Caller id that outbound calls from the number present"),
  createdAt: timestampSchema,
});

export const phoneNumberListSchema = z.object({ items: z.array(phoneNumberSchema) });

export const updatePhoneNumberSchema = z
  .object({
    flowId: idSchema.nullable().optional().describe("null stops routing calls to a flow"),
    callerId: phoneNumberTextSchema.nullable().optional(),
  })
  .strict();

export const callQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe("Calls that started at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("Calls that started before this time"),
  flowId: idSchema.optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  channel: z.enum(CHANNEL_KINDS).optional(),
  caller: z.string().max(64).optional(),
  called: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idSchema.optional().describe("nextCursor of the previous page"),
});

const callSummarySchema = z.object({
  id: z.string(),
  channel: z.enum(CHANNEL_KINDS),
  caller: z.string().nullable(),
  called: z.string().nullable(),
  flowId: z.string().nullable(),
  flowVersion: z.number().int().nullable(),
  startedAt: timestampSchema,
  answeredAt: timestampSchema.nullable(),
  endedAt: timestampSchema.nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  durationMs: z.number().nullable(),
});

export const callListSchema = z.object({
  items: z.array(callSummarySchema),
  nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page"),
});

export const callDetailSchema = callSummarySchema.extend({
  variables: z.record(z.string(), z.unknown()).describe("Values the flow collected that are not sensitive"),
  recordings: z.array(z.object({ uri: z.string(), startedAt: z.string(), durationMs: z.number().optional() })),
  sensitiveValues: z.record(z.string(), z.string()).nullable().describe("Sensitive values in clear text; null without the sensitive.view permission"),
});

export const traceQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(-1).optional().describe("Events after this sequence number"),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  types: z.string().max(500).optional().describe("Comma-separated event types, such as node.entered,dtmf"),
});

export const traceSchema = z.object({
  items: z.array(
    z.object({ seq: z.number().int(), at: timestampSchema, type: z.string(), nodeId: z.string().nullable(), schemaVersion: z.number().int(), data: z.record(z.string(), z.unknown()) }),
  ),
  nextAfterSeq: z.number().int().nullable().describe("Pass as afterSeq for the next page; null on the last page"),
});

const quotasShape = {
  maxAgents: z.number().int().min(0).max(2_147_483_647),
  maxPstnCalls: z.number().int().min(0).max(2_147_483_647),
  maxWebCalls: z.number().int().min(0).max(2_147_483_647),
  maxLoadedFlows: z.number().int().min(0).max(2_147_483_647),
  maxTestCalls: z.number().int().min(0).max(2_147_483_647),
};

export const quotasUpdateSchema = z.object(quotasShape).partial().strict();

export const tenantSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "suspended"]),
  defaultLocale: z.enum(INTERFACE_LOCALES),
  sensitiveDataEncryption: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  ...quotasShape,
});

export const tenantListSchema = z.object({ items: z.array(tenantSchema) });

export const tenantDetailSchema = tenantSchema.extend({
  callSlots: z.array(z.object({ channel: z.enum(CHANNEL_KINDS), inUse: z.number().int(), limit: z.number().int(), refusedTotal: z.number() })),
});

export const createTenantSchema = z.object({
  name: z.string().trim().min(1).max(200),
  defaultLocale: z.enum(INTERFACE_LOCALES).optional(),
  quotas: quotasUpdateSchema.optional(),
  sensitiveDataEncryption: z.boolean().optional(),
});

export const suspendTenantSchema = z.object({ reason: z.string().trim().min(1).max(2000).describe("Kept in the audit log") });

export const assignNumberSchema = z.object({ number: phoneNumberTextSchema });
