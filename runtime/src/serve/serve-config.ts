import { readFileSync } from "node:fs";
import path from "node:path";

import { isValidTimeZone } from "@callflow/sdk";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const asteriskSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a name such as pbx-taipei-1"),
  url: z.url({ message: "a URL such as http://127.0.0.1:8088" }),
  username: z.string().min(1),
  /** The password, or the name of an environment variable holding it with `passwordEnv`. */
  password: z.string().min(1).optional(),
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name such as ARI_PASSWORD").optional(),
  app: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a Stasis application name such as callflow").default("callflow"),
});

/** `callflow.yaml`: everything `callflow serve --config` needs. Relative paths start at the file's folder. */
export const serveConfigSchema = z.strictObject({
  /** Directory file: called numbers → tenant, flow, caller id, quotas. */
  directory: z.string().min(1),
  /** Folder with `<flow>/flow.json`; default: the directory file's folder. */
  flows: z.string().min(1).optional(),
  timeZone: z.string().refine(isValidTimeZone, "is not a known IANA time zone, such as Asia/Taipei").default("UTC"),
  /** Spoken language of service prompts (number not in service, busy). */
  serviceLanguage: z.string().default("cmn"),
  /** Seconds running calls may go on after SIGTERM before they are ended politely. */
  drainSeconds: z.number().int().min(0).max(3600).default(30),
  asterisk: z.array(asteriskSchema).min(1, "configure at least one Asterisk server under asterisk"),
  ari: z
    .strictObject({
      /** ARI client library for every server: `thin` (node:http and ws) or `ari-client` (ari-client 2.2.0). */
      client: z.enum(["thin", "ari-client"], { message: 'use "thin" (the default) or "ari-client"' }).default("thin"),
    })
    .default({ client: "thin" }),
  tts: z
    .strictObject({
      /** Folder of the synthesized WAV files; with `sounds` delivery, one under Asterisk's sounds folder. */
      directory: z.string().min(1),
      delivery: z.enum(["sounds", "http"]).default("sounds"),
      /** Sounds subfolder Asterisk plays them from, as in `sound:callflow-tts/<key>`. */
      soundPrefix: z.string().default("callflow-tts"),
      /** With `http` delivery: the address Asterisk fetches `<key>.wav` from, and the port to serve on. */
      httpBaseUrl: z.url().optional(),
      httpPort: z.number().int().min(1).max(65535).optional(),
    })
    .optional(),
  records: z
    .strictObject({
      /** JSON-lines file of finished calls. */
      calls: z.string().optional(),
      /** JSON-lines file of voicemail recordings with caller, called number, time and flow. */
      recordings: z.string().optional(),
    })
    .default({}),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** A config file that cannot be used; the message names the file, the field and the fix. */
export class ServeConfigError extends Error {
  readonly code = "invalid-serve-config";

  constructor(message: string) {
    super(message);
    this.name = "ServeConfigError";
  }
}

/** Resolved config: absolute paths and passwords read from the environment. */
export interface LoadedServeConfig extends ServeConfig {
  file: string;
  flowsRoot: string;
  asterisk: Array<ServeConfig["asterisk"][number] & { password: string }>;
}

/** Reads, validates and resolves a `callflow.yaml`. */
export function loadServeConfig(file: string, env: Readonly<Record<string, string | undefined>> = process.env): LoadedServeConfig {
  const absolute = path.resolve(file);
  let raw: unknown;

  try {
    raw = parseYaml(readFileSync(absolute, "utf8"));
  } catch (error) {
    throw new ServeConfigError(`${absolute}: ${(error as Error).message}`);
  }
  const result = serveConfigSchema.safeParse(raw);

  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`);

    throw new ServeConfigError(`${absolute} is not a valid serve config:\n${lines.join("\n")}`);
  }
  const config = result.data;
  const base = path.dirname(absolute);
  const resolve = (p: string): string => path.resolve(base, p);
  const asterisk = config.asterisk.map((server, index) => {
    const password = server.password ?? (server.passwordEnv ? env[server.passwordEnv] : undefined);

    if (!password) {
      throw new ServeConfigError(`${absolute}: asterisk.${index} (${server.name}) has no password; set password, or passwordEnv naming a variable that is set`);
    }
    return { ...server, password };
  });

  if (config.tts?.delivery === "http" && (!config.tts.httpBaseUrl || !config.tts.httpPort)) {
    throw new ServeConfigError(`${absolute}: tts.delivery is http, so set tts.httpBaseUrl (what Asterisk fetches) and tts.httpPort (where to serve)`);
  }
  return {
    ...config,
    file: absolute,
    directory: resolve(config.directory),
    flowsRoot: resolve(config.flows ?? path.dirname(resolve(config.directory))),
    asterisk,
    tts: config.tts && { ...config.tts, directory: resolve(config.tts.directory) },
    records: {
      calls: config.records.calls && resolve(config.records.calls),
      recordings: config.records.recordings && resolve(config.records.recordings),
    },
  };
}
