import { z } from "zod";

import { spokenLanguageSchema } from "./locale.js";
import type { CompiledTemplate } from "./template.js";

/**
 * A prompt in a node's config: TTS text per spoken language (may contain `{{ expression }}`
 * placeholders), or the name of a recorded prompt in the tenant's prompt library, or both
 * (recorded audio wins where it exists for the call's language).
 *
 * @example { "tts": { "cmn": "歡迎致電", "yue": "歡迎致電", "en": "Welcome" } }
 * @example { "audio": "welcome" }
 */
export const promptSchema = z
  .object({
    tts: z.record(spokenLanguageSchema, z.string().min(1)).optional(),
    audio: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "a prompt name such as welcome or menu-main").optional(),
  })
  .refine((p) => p.tts !== undefined || p.audio !== undefined, { message: "a prompt needs tts text or an audio name" });

export type PromptConfig = z.infer<typeof promptSchema>;

/**
 * One language of a prompt in the prompt library: a recording, or a text that the call's TTS
 * provider speaks.
 */
export const promptRecordingSchema = z
  .object({
    /** Media URI Asterisk plays, such as `sound:custom/welcome-en`. */
    uri: z.string().min(1).optional(),
    /** Transcript of the recording, shown in traces and the simulator, or without `uri` the text to speak. */
    text: z.string().min(1).optional(),
    durationMs: z.number().int().positive().optional(),
  })
  .refine((r) => r.uri !== undefined || r.text !== undefined, { message: "a library prompt needs a media uri, or a text to speak" });

/** A named prompt of the prompt library, with a recording or a text per spoken language. */
export const promptLibraryEntrySchema = z.object({
  description: z.string().optional(),
  languages: z.record(spokenLanguageSchema, promptRecordingSchema),
});

export type PromptLibraryEntry = z.infer<typeof promptLibraryEntrySchema>;

/** A prompt's media in one spoken language, ready to play. */
export interface PreparedPromptLanguage {
  template?: CompiledTemplate;
  uri?: string;
  text?: string;
  durationMs?: number;
}

/** A prompt compiled for a flow: what to play in each spoken language. */
export interface PreparedPrompt {
  /** Library name of recorded audio, when the prompt refers to one. */
  readonly audio?: string;
  readonly languages: ReadonlyMap<string, PreparedPromptLanguage>;
}
