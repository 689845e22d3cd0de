import { isValidTimeZone } from "@callflow/sdk";
import { z } from "zod";

const emptyAsMissing = (value: unknown) => (value === "" ? undefined : value);
const optionalText = z.preprocess(emptyAsMissing, z.string().optional());

/**
 * Environment variables of the runtime service in database mode (`npm start`, `callflow serve`
 * without `--config`). An empty value counts as unset.
 */
export const platformEnvSchema = z.object({
  /** PostgreSQL server to use. Default: the embedded server. Example: postgres://callflow:secret@db:5432/callflow. */
  DATABASE_URL: z.preprocess(emptyAsMissing, z.url({ message: "DATABASE_URL must be a URL such as postgres://callflow:secret@127.0.0.1:5432/callflow" }).optional()),
  /** 32 bytes in base64 that wrap the tenants' data keys. Default: `<data folder>/master.key`, created on the first start. */
  CALLFLOW_MASTER_KEY: optionalText,
  /** Address the API listens on. Default 127.0.0.1; 0.0.0.0 for every interface. */
  CALLFLOW_API_HOST: z.preprocess(emptyAsMissing, z.string().default("127.0.0.1")),
  /** Port of the API. Default 4000; 0 picks a free port. */
  CALLFLOW_API_PORT: z.preprocess(
    emptyAsMissing,
    z.coerce.number({ message: "CALLFLOW_API_PORT must be a port number such as 4000" }).int().min(0).max(65535).default(4000),
  ),
  /** IANA time zone of business-hours nodes without their own. Default UTC. Example: Asia/Taipei. */
  CALLFLOW_TIME_ZONE: z.preprocess(emptyAsMissing, z.string().refine(isValidTimeZone, "CALLFLOW_TIME_ZONE is not a known IANA time zone, such as Asia/Taipei").default("UTC")),
  /** Spoken language of service prompts (not in service, busy, suspended). Default cmn. */
  CALLFLOW_SERVICE_LANGUAGE: z.preprocess(emptyAsMissing, z.string().default("cmn")),
  /** Seconds that running calls may go on after SIGTERM before they are ended politely. Default 30. */
  CALLFLOW_DRAIN_SECONDS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(3600).default(30)),
  /** Asterisk's HTTP address; unset means simulated telephony only. Example: http://127.0.0.1:8088. */
  CALLFLOW_ARI_URL: z.preprocess(emptyAsMissing, z.url({ message: "CALLFLOW_ARI_URL must be Asterisk's HTTP address such as http://127.0.0.1:8088" }).optional()),
  /** User and password of Asterisk's ari.conf; required with CALLFLOW_ARI_URL. */
  CALLFLOW_ARI_USERNAME: optionalText,
  CALLFLOW_ARI_PASSWORD: optionalText,
  /** Stasis application that the dialplan sends calls to. Default callflow. */
  CALLFLOW_ARI_APP: z.preprocess(emptyAsMissing, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "CALLFLOW_ARI_APP must be a Stasis application name such as callflow").default("callflow")),
  /**
   * Destinations that tenants' connectors may reach although they are private, loopback or
   * link-local: comma-separated CIDR blocks, IP addresses and `host:port` pairs. Default: none.
   * Example: 10.20.0.0/16,192.168.5.7:7001.
   */
  CALLFLOW_EGRESS_ALLOW: z.preprocess(
    emptyAsMissing,
    z
      .string()
      .optional()
      .transform((value) => (value === undefined ? [] : value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== ""))),
  ),
  /** Worker processes of the script sandbox. Default: the number of CPUs, at least 2 and at most 4. */
  CALLFLOW_SCRIPT_WORKERS: z.preprocess(emptyAsMissing, z.coerce.number({ message: "CALLFLOW_SCRIPT_WORKERS must be a number such as 2" }).int().min(1).max(64).optional()),
  /** Folder of the tenants' files for the file node, one subfolder per tenant. Default: no file service. */
  CALLFLOW_STORAGE_ROOT: optionalText,
  /**
   * Folder of the WAV files that text-to-speech writes for calls on Asterisk. With `sounds`
   * delivery it must be Asterisk's sounds folder's CALLFLOW_TTS_SOUND_PREFIX subfolder, such as
   * /var/lib/asterisk/sounds/callflow-tts. Default: `<data folder>/tts`.
   */
  CALLFLOW_TTS_DIR: optionalText,
  /** Delivery of the synthesized files: `sounds` (a shared folder, the default) or `http` (Asterisk fetches them from the runtime). */
  CALLFLOW_TTS_DELIVERY: z.preprocess(emptyAsMissing, z.enum(["sounds", "http"], { message: 'CALLFLOW_TTS_DELIVERY must be "sounds" or "http"' }).default("sounds")),
  /** Subfolder of Asterisk's sounds folder that `sounds` delivery plays from, as in sound:callflow-tts/<key>. Default callflow-tts. */
  CALLFLOW_TTS_SOUND_PREFIX: z.preprocess(
    emptyAsMissing,
    z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "CALLFLOW_TTS_SOUND_PREFIX must be a relative folder such as callflow-tts").default("callflow-tts"),
  ),
  /** With `http` delivery: the address at which Asterisk reaches the runtime's TTS files, such as http://10.0.0.5:4100/tts. */
  CALLFLOW_TTS_HTTP_BASE_URL: z.preprocess(emptyAsMissing, z.url({ message: "CALLFLOW_TTS_HTTP_BASE_URL must be a URL such as http://10.0.0.5:4100/tts" }).optional()),
  /** With `http` delivery: the port on which the runtime serves its TTS files. */
  CALLFLOW_TTS_HTTP_PORT: z.preprocess(emptyAsMissing, z.coerce.number({ message: "CALLFLOW_TTS_HTTP_PORT must be a port number such as 4100" }).int().min(1).max(65535).optional()),
});

/** The service's settings, parsed once at start. */
export type PlatformEnv = z.infer<typeof platformEnvSchema>;

/** A variable of the service's environment is invalid; the message names it and the fix. */
export class PlatformConfigError extends Error {
  readonly code = "invalid-platform-config";

  constructor(message: string) {
    super(message);
    this.name = "PlatformConfigError";
  }
}

/** Parses the service's environment variables, failing with every invalid one named. */
export function parsePlatformEnv(env: Readonly<Record<string, string | undefined>>): PlatformEnv {
  const result = platformEnvSchema.safeParse(env);

  if (!result.success) {
    throw new PlatformConfigError(`invalid environment:\n${result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n")}`);
  }
  const config = result.data;

  if (config.CALLFLOW_ARI_URL && (!config.CALLFLOW_ARI_USERNAME || !config.CALLFLOW_ARI_PASSWORD)) {
    throw new PlatformConfigError("CALLFLOW_ARI_URL is set, so set CALLFLOW_ARI_USERNAME and CALLFLOW_ARI_PASSWORD to the user of Asterisk's ari.conf too");
  }
  if (config.CALLFLOW_TTS_DELIVERY === "http" && (!config.CALLFLOW_TTS_HTTP_BASE_URL || config.CALLFLOW_TTS_HTTP_PORT === undefined)) {
    throw new PlatformConfigError("CALLFLOW_TTS_DELIVERY is http, so set CALLFLOW_TTS_HTTP_BASE_URL (what Asterisk fetches) and CALLFLOW_TTS_HTTP_PORT (where the runtime serves) too");
  }
  return config;
}
