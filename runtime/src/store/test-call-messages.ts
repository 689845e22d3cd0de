import { spokenLanguageSchema, type TraceEvent } from "@callflow/sdk";
import { z } from "zod";

import { idSchema } from "../api/schemas/common-schemas.js";

const phoneNumberSchema = z.string().regex(/^\+?[0-9]{2,20}$/, "a phone number of 2-20 digits, optionally with a leading +, such as 0912345678");

/** `{"type":"auth"}`: the session token, for browsers, which cannot set an Authorization header. */
export const authMessageSchema = z.strictObject({
  type: z.literal("auth"),
  token: z.string().min(1, "the token that POST /api/sessions returned").max(200),
});

/** `{"type":"start"}`: starts a simulated call of a draft or a published version. */
export const startMessageSchema = z.strictObject({
  type: z.literal("start"),
  flowId: idSchema,
  source: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("draft") }),
    z.strictObject({ kind: z.literal("version"), version: z.number().int().min(1, "a published version number, 1 or more") }),
  ]),
  caller: phoneNumberSchema,
  called: phoneNumberSchema,
  /** Start of the call's clock, with its UTC offset, such as `2026-12-07T10:00:00+08:00`. Default: now. */
  at: z.iso.datetime({ offset: true, message: "an ISO 8601 time with a UTC offset, such as 2026-12-07T10:00:00+08:00" }).optional(),
  /** Spoken language the call starts in; one of the flow's languages. Default: the flow's first. */
  language: spokenLanguageSchema.optional(),
  /** Id of a stored call whose caller input (keys with their timing, hang-up) the call replays. */
  replayCallId: idSchema.optional(),
  /** Tenant to test in; platform users only. */
  tenant: idSchema.optional(),
});

/** `{"type":"dtmf"}`: keys the caller presses, in order. */
export const dtmfMessageSchema = z.strictObject({
  type: z.literal("dtmf"),
  digits: z.string().regex(/^[0-9*#]{1,32}$/, "1-32 keys of 0-9, * and #, such as 1 or 1234#"),
});

/** `{"type":"hangup"}`: the caller hangs up. */
export const hangupMessageSchema = z.strictObject({ type: z.literal("hangup") });

const SCHEMAS = { auth: authMessageSchema, start: startMessageSchema, dtmf: dtmfMessageSchema, hangup: hangupMessageSchema } as const;

export type StartMessage = z.output<typeof startMessageSchema>;

/** A message of the client, after validation. */
export type ClientMessage = { [Type in keyof typeof SCHEMAS]: z.output<(typeof SCHEMAS)[Type]> }[keyof typeof SCHEMAS];

/** A message of the server. */
export type ServerMessage =
  | { type: "started"; callId: string; flowId: string; version: number | null }
  | { type: "trace"; event: TraceEvent }
  | { type: "prompt"; nodeId: string; text: string; language: string; audioUrl: string | null }
  | { type: "ended"; callId: string; reason: string; durationMs: number }
  | { type: "error"; code: string; message: string };

/**
 * Parses one text frame. Returns the message, or the `detail` of an `invalid-message` error that
 * names the field and what it expects.
 */
export function parseClientMessage(text: string): { message: ClientMessage } | { detail: string } {
  let json: unknown;

  try {
    json = JSON.parse(text);
  } catch (error) {
    return { detail: `the frame is not JSON (${(error as Error).message}); send one JSON object per text frame` };
  }

  const type = (json as { type?: unknown } | null)?.type;
  if (typeof json !== "object" || json === null || Array.isArray(json) || typeof type !== "string" || !(type in SCHEMAS)) {
    return { detail: `type: expected one of ${Object.keys(SCHEMAS).join(", ")}` };
  }

  const parsed = SCHEMAS[type as keyof typeof SCHEMAS].safeParse(json);
  if (!parsed.success) {
    return { detail: parsed.error.issues.map((issue) => `${[type, ...issue.path.map(String)].join(".")}: ${issue.message}`).join("; ") };
  }
  return { message: parsed.data };
}
