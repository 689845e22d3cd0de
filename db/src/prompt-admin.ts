import { asc, eq } from "drizzle-orm";

import { InvalidInputError, NotFoundError } from "./errors.js";
import { promptAudio, prompts } from "./schema/media.js";
import type { PromptKind } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** One spoken language of a tenant's prompt. */
export interface Prompt {
  id: string;
  name: string;
  /** Spoken language, such as `cmn`, `yue` or `en`. */
  language: string;
  kind: PromptKind;
  audioUri: string | null;
  ttsText: string | null;
  /** Media type of the uploaded audio file, or null when none was uploaded. */
  audioContentType: string | null;
  audioBytes: number | null;
  updatedAt: Date;
}

/** The content of a prompt: a text to synthesize, or the location of a recorded file. */
export type PromptContent = { ttsText: string } | { audioUri: string };

/** An uploaded audio file of a prompt. */
export interface PromptAudioFile {
  contentType: string;
  content: Buffer;
}

const promptColumns = {
  id: prompts.id,
  name: prompts.name,
  language: prompts.language,
  kind: prompts.kind,
  audioUri: prompts.audioUri,
  ttsText: prompts.ttsText,
  audioContentType: promptAudio.contentType,
  audioBytes: promptAudio.byteLength,
  updatedAt: prompts.updatedAt,
};

/**
 * Builds the `audio_uri` of an uploaded file: the API path it is downloaded from. On Asterisk
 * calls the runtime reads the file in the call's tenant and converts it for playback.
 */
export function uploadedAudioUri(promptId: string): string {
  return `/api/prompts/${promptId}/audio`;
}

function contentColumns(content: PromptContent): { kind: PromptKind; ttsText: string | null; audioUri: string | null } {
  if ("ttsText" in content) {
    if (content.ttsText.trim() === "") {
      throw new InvalidInputError("ttsText", "a text-to-speech prompt needs a text");
    }
    return { kind: "tts", ttsText: content.ttsText, audioUri: null };
  }
  if (content.audioUri.trim() === "") {
    throw new InvalidInputError("audioUri", "an audio prompt needs the location of its file");
  }
  return { kind: "audio", ttsText: null, audioUri: content.audioUri };
}

/** Returns the tenant's prompts by name and language. */
export async function listPrompts({ tx }: TenantScope): Promise<Prompt[]> {
  return tx.select(promptColumns).from(prompts).leftJoin(promptAudio, eq(promptAudio.promptId, prompts.id)).orderBy(asc(prompts.name), asc(prompts.language));
}

/** Returns a prompt of the tenant; throws NotFoundError for an id the tenant has no prompt of. */
export async function getPrompt({ tx }: TenantScope, promptId: string): Promise<Prompt> {
  assertUuid(promptId, "promptId");

  const [prompt] = await tx.select(promptColumns).from(prompts).leftJoin(promptAudio, eq(promptAudio.promptId, prompts.id)).where(eq(prompts.id, promptId));
  if (!prompt) {
    throw new NotFoundError("prompt", promptId);
  }
  return prompt;
}

/** Creates one spoken language of a prompt; the name and language pair is unique per tenant. */
export async function createPrompt(scope: TenantScope, input: { name: string; language: string } & PromptContent): Promise<Prompt> {
  if (input.name.trim() === "") {
    throw new InvalidInputError("name", "a prompt name must not be empty");
  }

  const { name, language, ...content } = input;
  const [row] = await scope.tx
    .insert(prompts)
    .values({ tenantId: scope.tenantId, name: name.trim(), language, ...contentColumns(content as PromptContent) })
    .returning({ id: prompts.id });

  return getPrompt(scope, row.id);
}

/**
 * Replaces a prompt's content with a text or a file location. A prompt whose uploaded file is
 * replaced this way loses the file.
 */
export async function updatePromptContent(scope: TenantScope, promptId: string, content: PromptContent): Promise<Prompt> {
  await getPrompt(scope, promptId);

  await scope.tx.delete(promptAudio).where(eq(promptAudio.promptId, promptId));
  await scope.tx
    .update(prompts)
    .set({ ...contentColumns(content), updatedAt: new Date() })
    .where(eq(prompts.id, promptId));
  return getPrompt(scope, promptId);
}

/** Deletes a prompt with its uploaded file. */
export async function deletePrompt(scope: TenantScope, promptId: string): Promise<Prompt> {
  const prompt = await getPrompt(scope, promptId);

  await scope.tx.delete(prompts).where(eq(prompts.id, promptId));
  return prompt;
}

/** Stores an uploaded audio file for a prompt, which becomes an audio prompt that points at it. */
export async function putPromptAudio(scope: TenantScope, promptId: string, file: PromptAudioFile): Promise<Prompt> {
  await getPrompt(scope, promptId);

  const row = { tenantId: scope.tenantId, promptId, contentType: file.contentType, byteLength: file.content.length, content: file.content, updatedAt: new Date() };
  await scope.tx
    .insert(promptAudio)
    .values(row)
    .onConflictDoUpdate({ target: promptAudio.promptId, set: { contentType: row.contentType, byteLength: row.byteLength, content: row.content, updatedAt: row.updatedAt } });
  await scope.tx
    .update(prompts)
    .set({ kind: "audio", audioUri: uploadedAudioUri(promptId), ttsText: null, updatedAt: new Date() })
    .where(eq(prompts.id, promptId));
  return getPrompt(scope, promptId);
}

/** Returns a prompt's uploaded audio file; throws NotFoundError when it has none. */
export async function getPromptAudio({ tx }: TenantScope, promptId: string): Promise<PromptAudioFile> {
  assertUuid(promptId, "promptId");

  const [file] = await tx.select({ contentType: promptAudio.contentType, content: promptAudio.content }).from(promptAudio).where(eq(promptAudio.promptId, promptId));
  if (!file) {
    throw new NotFoundError("prompt audio", promptId);
  }
  return file;
}
