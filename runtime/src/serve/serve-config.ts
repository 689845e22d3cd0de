import { readFileSync } from "node:fs";
import path from "node:path";

import { isValidTimeZone } from "@callflow/sdk";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

import { connectorListSchema, ConnectorsFileError, resolveConnectorSection, secretMapSchema, type ResolvedConnectorSection } from "../cli/connectors-file.js";

const asteriskSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a name such as pbx-taipei-1"),
  url: z.url({ message: "a URL such as http://127.0.0.1:8088" }),
  username: z.string().min(1),
  /** The password, or the name of an environment variable holding it with `passwordEnv`. */
  password: z.string().min(1).optional(),
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name such as ARI_PASSWORD").optional(),
  app: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a Stasis application name such as callflow").default("callflow"),
});

const tenantIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "a tenant id of the directory, such as demo-bank");

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
  /** Connectors of each tenant, by the tenant id the directory gives. A tenant's flows can use only its own. */
  connectors: z.record(tenantIdSchema, connectorListSchema).default({}),
  /** Secrets of each tenant, by tenant id; values come from environment variables such as `passwordEnv: BILLING_DB_PASSWORD`. */
  secrets: z.record(tenantIdSchema, secretMapSchema).default({}),
  egress: z
    .strictObject({
      /** Addresses flows may reach: CIDR blocks, IP addresses and `host:port` pairs, such as 10.20.0.0/16. Default: none. */
      allow: z.array(z.string()).default([]),
    })
    .default({ allow: [] }),
  /** Folder of the tenants' files for the file node and mail attachments, one subfolder per tenant. Default: no file service. */
  storageRoot: z.string().min(1).optional(),
  sandbox: z
    .strictObject({
      /** Worker processes that run logic.script nodes. Default: the machine's available parallelism, at least 2 and at most 4. */
      workers: z.number().int().min(1).max(64).optional(),
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

/** Resolved config: absolute paths, and passwords and secrets read from the environment. */
export interface LoadedServeConfig extends Omit<ServeConfig, "connectors" | "secrets"> {
  file: string;
  flowsRoot: string;
  asterisk: Array<ServeConfig["asterisk"][number] & { password: string }>;
  /** Connectors and secrets of each tenant that has any, by tenant id. */
  tenantConnectors: ReadonlyMap<string, ResolvedConnectorSection>;
  /** Secrets whose value is written in the file instead of an environment variable, to warn about at start. */
  inlineSecrets: ReadonlyArray<{ tenantId: string; name: string }>;
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
  const { connectors, secrets, ...rest } = config;
  const inlineSecrets: Array<{ tenantId: string; name: string }> = [];
  const tenantConnectors = new Map<string, ResolvedConnectorSection>();

  for (const tenantId of new Set([...Object.keys(connectors), ...Object.keys(secrets)])) {
    const section = { connectors: connectors[tenantId] ?? [], secrets: secrets[tenantId] ?? {} };
    const paths = { connectors: `connectors.${tenantId}`, secrets: `secrets.${tenantId}` };

    try {
      tenantConnectors.set(tenantId, resolveConnectorSection(absolute, section, env, paths, (name) => inlineSecrets.push({ tenantId, name })));
    } catch (error) {
      if (error instanceof ConnectorsFileError) throw new ServeConfigError(error.message);
      throw error;
    }
  }
  return {
    ...rest,
    tenantConnectors,
    inlineSecrets,
    file: absolute,
    directory: resolve(config.directory),
    flowsRoot: resolve(config.flows ?? path.dirname(resolve(config.directory))),
    asterisk,
    tts: config.tts && { ...config.tts, directory: resolve(config.tts.directory) },
    records: {
      calls: config.records.calls && resolve(config.records.calls),
      recordings: config.records.recordings && resolve(config.records.recordings),
    },
    storageRoot: config.storageRoot && resolve(config.storageRoot),
  };
}
