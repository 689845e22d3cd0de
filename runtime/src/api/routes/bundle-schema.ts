import { FLOW_KINDS, spokenLanguageSchema } from "@callflow/sdk";
import { z } from "zod";

import { documentSchema, flowNameSchema } from "../schemas/flow-schemas.js";

const libraryNameSchema = z.string().min(1).max(128);

/** A flow of a bundle: the exported flow or one of its subflows, named as other flows call it. */
const bundleFlowSchema = z.strictObject({ name: flowNameSchema, kind: z.enum(FLOW_KINDS), document: documentSchema });

/** One spoken language of a prompt: a text to synthesize, or recorded audio with its file when stored. */
const bundlePromptSchema = z.strictObject({
  name: libraryNameSchema,
  language: spokenLanguageSchema,
  kind: z.enum(["tts", "audio"]),
  text: z.string().max(10_000).optional().describe("Text to synthesize; tts prompts only"),
  audioUri: z.string().max(2000).optional().describe("Location of the audio in the prompt store; audio prompts only"),
  audio: z
    .strictObject({ contentType: z.string().max(100), base64: z.base64() })
    .optional()
    .describe("The uploaded audio file, when the prompt has one"),
}).refine((prompt) => (prompt.kind === "tts" ? prompt.text !== undefined && prompt.audioUri === undefined : prompt.audioUri !== undefined && prompt.text === undefined), {
  message: "a tts prompt needs text and no audioUri; an audio prompt needs audioUri and no text",
});

const bundleCalendarSchema = z.strictObject({ name: libraryNameSchema, timeZone: z.string().min(1).max(64), definition: z.unknown() });

const bundleNumberSchema = z.strictObject({
  number: z.string().regex(/^\+?[0-9]{2,20}$/, "a phone number of 2-20 digits such as 0800123456"),
  callerId: z.string().max(40).nullable().default(null),
});

/**
 * A portable flow bundle: a flow with the subflows, prompts, calendars and numbers it refers
 * to, all by name. It contains no database ids and no secrets, so it can move between tenants
 * and installations.
 */
export const bundleSchema = z.strictObject({
  bundleVersion: z.literal(1),
  flow: bundleFlowSchema,
  subflows: z.array(bundleFlowSchema).max(200).default([]),
  prompts: z.array(bundlePromptSchema).max(5000).default([]),
  calendars: z.array(bundleCalendarSchema).max(500).default([]),
  numbers: z.array(bundleNumberSchema).max(500).default([]),
}).superRefine((bundle, context) => {
  // A name given twice would be imported once and the second entry silently dropped.
  const lists = {
    subflows: bundle.subflows.map((subflow) => subflow.name),
    prompts: bundle.prompts.map((prompt) => `${prompt.name} (${prompt.language})`),
    calendars: bundle.calendars.map((calendar) => calendar.name),
    numbers: bundle.numbers.map((entry) => entry.number),
  };

  for (const [list, names] of Object.entries(lists)) {
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) context.addIssue({ code: "custom", path: [list, index], message: `${name} is listed twice; keep one entry` });
    });
  }
});

export type Bundle = z.output<typeof bundleSchema>;
export type BundleFlow = z.output<typeof bundleFlowSchema>;
export type BundlePrompt = z.output<typeof bundlePromptSchema>;

/** Choices of an import for names that the tenant already uses for different content. */
export const CONFLICT_CHOICES = ["fail", "rename", "replace"] as const;

export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

export const importBodySchema = z.strictObject({
  bundle: bundleSchema,
  onConflict: z
    .enum(CONFLICT_CHOICES)
    .default("fail")
    .describe(
      "fail: reject the import when a name is taken by different content. rename: import the flow under a free name and keep the tenant's own subflows, prompts and calendars of the same names. replace: overwrite them with the bundle's",
    ),
  bindNumbers: z.boolean().default(false).describe("Route the bundle's numbers, which must be the tenant's own, to the imported flow"),
});

export type ImportBody = z.output<typeof importBodySchema>;

export const bundleQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional().describe("Published version to export. Default: the draft"),
});
