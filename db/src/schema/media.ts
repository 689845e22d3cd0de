import { check, foreignKey, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

import { bytea, createdAt, uuidPrimaryKey } from "./columns.js";
import { tenantPolicies } from "./tenant-policies.js";
import { tenants } from "./tenants.js";
import { isOneOf, PROMPT_KINDS, type PromptKind } from "./values.js";

/**
 * Prompts by name and spoken language (`cmn`, `yue`, `en`, ...): either a recorded audio file
 * or a text for speech synthesis.
 */
export const prompts = pgTable(
  "prompts",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    language: text("language").notNull(),
    kind: text("kind").$type<PromptKind>().notNull(),
    /** Location of the audio file in the prompt store; set for `audio` prompts only. */
    audioUri: text("audio_uri"),
    /** Text to synthesize; set for `tts` prompts only. */
    ttsText: text("tts_text"),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    unique("prompts_tenant_name_language_key").on(t.tenantId, t.name, t.language),
    unique("prompts_tenant_id_id_key").on(t.tenantId, t.id),
    check("prompts_kind_check", isOneOf(t.kind, PROMPT_KINDS)),
    check(
      "prompts_content_check",
      sql`(${t.kind} = 'audio' and ${t.audioUri} is not null and ${t.ttsText} is null) or (${t.kind} = 'tts' and ${t.ttsText} is not null and ${t.audioUri} is null)`,
    ),
    ...tenantPolicies(t.tenantId),
  ],
);

/**
 * Audio files uploaded for prompts, one per prompt. The composite foreign key keeps the file in
 * its prompt's tenant, and deleting the prompt deletes the file.
 */
export const promptAudio = pgTable(
  "prompt_audio",
  {
    promptId: uuid("prompt_id").primaryKey(),
    tenantId: uuid("tenant_id").notNull(),
    /** Media type the upload declared, such as `audio/wav`. */
    contentType: text("content_type").notNull(),
    byteLength: integer("byte_length").notNull(),
    content: bytea("content").notNull(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    foreignKey({ name: "prompt_audio_prompt_fk", columns: [t.tenantId, t.promptId], foreignColumns: [prompts.tenantId, prompts.id] }).onDelete("cascade"),
    check("prompt_audio_byte_length_check", sql`${t.byteLength} = octet_length(${t.content})`),
    ...tenantPolicies(t.tenantId),
  ],
);

/** Business-hours calendars that flows consult by name: weekly hours, holidays, exceptions. */
export const calendars = pgTable(
  "calendars",
  {
    id: uuidPrimaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    /** IANA time zone name, such as `Asia/Taipei`. */
    timeZone: text("time_zone").notNull(),
    definition: jsonb("definition").notNull(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [unique("calendars_tenant_name_key").on(t.tenantId, t.name), ...tenantPolicies(t.tenantId)],
);
