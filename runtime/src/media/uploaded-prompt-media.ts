import { spawn } from "node:child_process";
import { createHash } from "node:crypto";

import { getPromptAudio, type CallflowDatabase, type PromptAudioFile } from "@callflow/db";
import type { MediaRequest } from "@callflow/sdk";

import type { TtsCache } from "./tts/tts-cache.js";

// The path an uploaded prompt's audio_uri holds, as the prompt admin stores it.
const UPLOADED_PROMPT = /^\/api\/prompts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/audio$/i;

// sox's input type for each media type that the upload route accepts.
const SOX_INPUT_TYPES: Record<string, string> = { "audio/wav": "wav", "audio/mpeg": "mp3" };

// How long a prompt's converted file is used before the prompt is read again, so a new upload
// reaches calls within this time.
const RECHECK_MS = 30_000;

/** Returns the prompt id of an uploaded prompt's media URI, or undefined for any other URI. */
export function uploadedPromptId(uri: string | undefined): string | undefined {
  return uri === undefined ? undefined : UPLOADED_PROMPT.exec(uri)?.[1]?.toLowerCase();
}

/**
 * Delivers tenants' uploaded prompt audio to Asterisk. It reads the file in the call's tenant, so
 * a prompt id of another tenant finds nothing. It converts the file with sox to the 8 kHz 16-bit
 * mono WAV that Asterisk plays without transcoding, and stores it beside the TTS files under a
 * hash of its content.
 */
export class UploadedPromptMedia {
  private readonly known = new Map<string, { uri: string; checkedAt: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly db: CallflowDatabase,
    private readonly cache: TtsCache,
    private readonly soxPath = "sox",
  ) {}

  /**
   * Returns the media URI of an uploaded prompt for a call of `tenantId`.
   *
   * @throws NotFoundError when the tenant has no such prompt file; Error when sox cannot convert it
   */
  uri(tenantId: string, promptId: string, signal: AbortSignal): Promise<string> {
    const cacheKey = `${tenantId}/${promptId}`;
    const known = this.known.get(cacheKey);

    if (known !== undefined && Date.now() - known.checkedAt < RECHECK_MS) return Promise.resolve(known.uri);
    const pending = this.inFlight.get(cacheKey);

    if (pending !== undefined) return pending;
    const loading = this.load(tenantId, promptId, signal)
      .then((uri) => {
        this.known.set(cacheKey, { uri, checkedAt: Date.now() });
        return uri;
      })
      .finally(() => this.inFlight.delete(cacheKey));

    this.inFlight.set(cacheKey, loading);
    return loading;
  }

  /** A media resolver that serves uploaded prompts and hands every other request to `next`. */
  resolver(next: (media: MediaRequest, signal: AbortSignal) => Promise<string>): (media: MediaRequest, signal: AbortSignal, tenantId: string | undefined) => Promise<string> {
    return (media, signal, tenantId) => {
      const promptId = uploadedPromptId(media.uri);

      if (promptId === undefined) return next(media, signal);
      if (tenantId === undefined) return Promise.reject(new Error(`the uploaded prompt ${media.uri} was requested outside a tenant's call`));
      return this.uri(tenantId, promptId, signal);
    };
  }

  private async load(tenantId: string, promptId: string, signal: AbortSignal): Promise<string> {
    const file = await this.db.withTenant(tenantId, (scope) => getPromptAudio(scope, promptId));
    const key = createHash("sha256").update(file.contentType).update("\u0000").update(file.content).digest("hex").slice(0, 40);
    const stored = await this.cache.storedUri(key);

    return stored ?? this.cache.putAudio(key, await convertForAsterisk(file, this.soxPath, signal));
  }
}

// Converts an uploaded file to 8 kHz 16-bit signed mono WAV with sox, through standard input and output.
function convertForAsterisk(file: PromptAudioFile, soxPath: string, signal: AbortSignal): Promise<Buffer> {
  const inputType = SOX_INPUT_TYPES[file.contentType];

  if (inputType === undefined) return Promise.reject(new Error(`uploaded prompt audio of type ${file.contentType} cannot be converted; upload audio/wav or audio/mpeg`));
  return new Promise((resolve, reject) => {
    const child = spawn(soxPath, ["-q", "-t", inputType, "-", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "wav", "-"], { stdio: ["pipe", "pipe", "pipe"], signal });
    const output: Buffer[] = [];
    let errors = "";

    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new Error("sox is not installed, so uploaded prompt audio cannot be converted; install it with: apt-get install -y sox libsox-fmt-mp3") : error),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(output));
      else reject(new Error(`sox could not convert the uploaded ${file.contentType} prompt (exit code ${code}): ${errors.trim() || "no message"}`));
    });
    // A write error follows from sox ending early, which the close handler reports.
    child.stdin.on("error", () => undefined);
    child.stdin.end(file.content);
  });
}
