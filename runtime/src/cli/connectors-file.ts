import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { parse as parseYaml } from "yaml";
import { z } from "zod";

import { CONNECTOR_KINDS, MemoryConnectorDirectory, type Connector } from "../connectors/connector-directory.js";
import { ConnectorSettingsError, parseConnectorSettings } from "../connectors/connector-kinds.js";
import { createConnectorServices, type ConnectorServices } from "../connectors/connector-services.js";
import { MemorySecretStore, type Secret } from "../connectors/secrets.js";
import type { ScriptSandbox } from "../sandbox/index.js";
import { startEmbeddedDatabases, type EmbeddedDatabaseRequest } from "./embedded-postgres.js";

const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a name such as core-banking");
const environmentNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name such as CORE_BANKING_PASSWORD");

const secretSchema = z.discriminatedUnion("type", [
  z
    .strictObject({ type: z.literal("basic"), username: z.string().min(1), password: z.string().optional(), passwordEnv: environmentNameSchema.optional() })
    .refine((secret) => (secret.password === undefined) !== (secret.passwordEnv === undefined), "give either password or passwordEnv"),
  z
    .strictObject({ type: z.literal("bearer"), token: z.string().optional(), tokenEnv: environmentNameSchema.optional() })
    .refine((secret) => (secret.token === undefined) !== (secret.tokenEnv === undefined), "give either token or tokenEnv"),
]);

const connectorSchema = z.strictObject({ name: nameSchema, kind: z.enum(CONNECTOR_KINDS), settings: z.record(z.string(), z.unknown()).default({}), secret: nameSchema.optional() });

/** A list of connectors, as the connectors file and the `callflow serve` config write it. */
export const connectorListSchema = z.array(connectorSchema).default([]);

/** A database connector of the connectors file that gets a throwaway embedded PostgreSQL server instead of a host. */
const embeddedSchema = z.strictObject({
  /** SQL file to load into the new database, relative to the connectors file. */
  seed: z.string().min(1, "a path such as bank-hotline/core-banking.sql").optional(),
});

const fileConnectorSchema = connectorSchema.extend({ embedded: embeddedSchema.optional() }).superRefine((connector, context) => {
  if (connector.embedded === undefined) return;
  if (connector.kind !== "database") context.addIssue({ code: "custom", path: ["embedded"], message: `only a database connector can be embedded, not ${connector.kind}; remove embedded` });
  if (Object.keys(connector.settings).length > 0 || connector.secret !== undefined) {
    context.addIssue({ code: "custom", path: ["embedded"], message: "an embedded connector gets its settings and login from the server that the command starts; remove settings and secret, or remove embedded to use a real server" });
  }
});

/** Secrets by name; a password or token comes from the file or from an environment variable. */
export const secretMapSchema = z.record(nameSchema, secretSchema).default({});

/** The connectors file of `callflow run` and `callflow test`; `callflow schema` does not print it yet. */
const connectorsFileSchema = z.strictObject({
  /** Egress allow-list entries for these connectors, such as 127.0.0.1 for a local test database. */
  allow: z.array(z.string()).default([]),
  connectors: z.array(fileConnectorSchema).default([]),
  secrets: secretMapSchema,
});

type ConnectorsFile = z.output<typeof connectorsFileSchema>;

/** Paths of a connector list and its secrets in their file, for error messages. */
export interface ConnectorSectionPaths {
  /** Path of the connector list, such as `connectors` or `connectors.demo-bank`. */
  readonly connectors: string;
  /** Path of the secret map, such as `secrets` or `secrets.demo-bank`. */
  readonly secrets: string;
}

/** A parsed connector list and secret map, with settings validated and secrets resolved. */
export interface ResolvedConnectorSection {
  readonly connectors: MemoryConnectorDirectory;
  readonly secrets: MemorySecretStore;
}

/** The sandbox that runs the flows' scripts, and the tenant whose isolates and quota they use. */
export interface ScriptHost {
  readonly sandbox: ScriptSandbox;
  readonly tenantId: string;
}

/** A connectors file that cannot be read or does not match the format. */
export class ConnectorsFileError extends Error {
  readonly code = "connectors-file-invalid";

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "ConnectorsFileError";
  }
}

/**
 * Reads a YAML or JSON file of connectors and secrets and builds the node services that flows run
 * with, behind an egress guard that allows only the file's `allow` entries. `scripts` is the
 * sandbox and the tenant its scripts run as, if scripts are offered with them. A file with `embedded` connectors needs
 * openConnectorsFile, which starts their server.
 *
 * @throws ConnectorsFileError naming the file and the first problem
 * @example
 * const services = loadConnectorsFile("connectors.yaml", process.cwd(), process.env);
 */
export function loadConnectorsFile(file: string, cwd: string, env: Readonly<Record<string, string | undefined>>, scripts?: ScriptHost): ConnectorServices {
  const content = readConnectorsFile(file, cwd);
  const embedded = content.connectors.findIndex((connector) => connector.embedded !== undefined);

  if (embedded >= 0) throw new ConnectorsFileError(file, `connectors.${embedded}.embedded: an embedded server is started only by callflow run and callflow test`);
  return buildServices(file, content, env, scripts);
}

/**
 * Like loadConnectorsFile, and also starts a throwaway embedded PostgreSQL server for the file's
 * `embedded` connectors: each gets its own database and login, loaded from its seed file, and the
 * egress guard allows that server's 127.0.0.1 port. `close` stops the server and deletes its data.
 * `childExecArgv` are Node.js options of the server's child process, such as a TypeScript loader.
 *
 * @throws ConnectorsFileError naming the file and the first problem, such as a missing seed file
 * @throws EmbeddedPostgresError when the server fails to start or a seed file fails to load
 */
export async function openConnectorsFile(
  file: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  options: { scripts?: ScriptHost; childExecArgv?: readonly string[] } = {},
): Promise<ConnectorServices> {
  const content = readConnectorsFile(file, cwd);
  const requests = embeddedRequests(file, path.resolve(cwd, file), content);

  if (requests.length === 0) return buildServices(file, content, env, options.scripts);
  const server = await startEmbeddedDatabases(requests, options.childExecArgv ?? []);

  try {
    const secrets = { ...content.secrets };
    const connectors = content.connectors.map((connector) => {
      const database = server.databases.get(connector.name);

      if (connector.embedded === undefined || database === undefined) return connector;
      // A colon is not allowed in the file's secret names, so this name cannot collide with them.
      const secret = `embedded:${connector.name}`;

      secrets[secret] = { type: "basic", username: database.username, password: database.password };
      return { ...connector, settings: { driver: "postgres", host: "127.0.0.1", port: server.port, database: database.database }, secret };
    });
    const services = buildServices(file, { allow: [...content.allow, `127.0.0.1:${server.port}`], connectors, secrets }, env, options.scripts);

    return {
      services: services.services,
      async close() {
        await services.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function readConnectorsFile(file: string, cwd: string): ConnectorsFile {
  const absolute = path.resolve(cwd, file);
  let content: unknown;

  try {
    content = parseYaml(readFileSync(absolute, "utf8"));
  } catch (error) {
    throw new ConnectorsFileError(file, `cannot be read (${(error as Error).message}); name a YAML or JSON file of connectors`);
  }
  const parsed = connectorsFileSchema.safeParse(content ?? {});

  if (!parsed.success) {
    const issue = parsed.error.issues[0];

    throw new ConnectorsFileError(file, `${issue.path.join(".") || "the file"}: ${issue.message}`);
  }
  return parsed.data;
}

function embeddedRequests(file: string, absolute: string, content: ConnectorsFile): EmbeddedDatabaseRequest[] {
  return content.connectors.flatMap((connector, index) => {
    if (connector.embedded === undefined) return [];
    const seed = connector.embedded.seed;
    const seedFile = seed === undefined ? undefined : path.resolve(path.dirname(absolute), seed);

    if (seedFile !== undefined && !existsSync(seedFile)) {
      throw new ConnectorsFileError(file, `connectors.${index}.embedded.seed: the seed file ${seedFile} does not exist; give an SQL file's path relative to ${file}`);
    }
    return [{ connector: connector.name, seedFile }];
  });
}

function buildServices(file: string, content: ConnectorsFile, env: Readonly<Record<string, string | undefined>>, scripts: ScriptHost | undefined): ConnectorServices {
  const connectors = content.connectors.map((connector): Connector => ({ name: connector.name, kind: connector.kind, settings: connector.settings, secret: connector.secret }));
  const section = resolveConnectorSection(file, { connectors, secrets: content.secrets }, env, { connectors: "connectors", secrets: "secrets" });

  return createConnectorServices({ allow: content.allow, ...section, ...scripts });
}

/**
 * Validates each connector's settings against its kind's schema and reads each secret's value,
 * from the environment variable it names or from the file. `onInlineSecret` is called with the
 * name of each secret whose value is written in the file, so a server can warn about it.
 *
 * @throws ConnectorsFileError naming the file, the entry and the fix, such as an unset variable
 */
export function resolveConnectorSection(
  file: string,
  section: { connectors: z.output<typeof connectorListSchema>; secrets: z.output<typeof secretMapSchema> },
  env: Readonly<Record<string, string | undefined>>,
  paths: ConnectorSectionPaths,
  onInlineSecret?: (name: string) => void,
): ResolvedConnectorSection {
  const connectors = section.connectors.map((connector, index) => withParsedSettings(file, `${paths.connectors}.${index}`, connector));
  const secrets = Object.fromEntries(
    Object.entries(section.secrets).map(([name, secret]) => [name, resolveSecret(file, `${paths.secrets}.${name}`, secret, env, () => onInlineSecret?.(name))]),
  );

  return { connectors: new MemoryConnectorDirectory(connectors), secrets: new MemorySecretStore(secrets) };
}

function withParsedSettings(file: string, where: string, connector: Connector): Connector {
  try {
    return { ...connector, settings: parseConnectorSettings(connector.kind, connector.settings) };
  } catch (error) {
    if (error instanceof ConnectorSettingsError) throw new ConnectorsFileError(file, `${where} ("${connector.name}"): ${error.message}`);
    throw error;
  }
}

function resolveSecret(file: string, where: string, secret: z.output<typeof secretSchema>, env: Readonly<Record<string, string | undefined>>, onInline: () => void): Secret {
  const variable = secret.type === "basic" ? secret.passwordEnv : secret.tokenEnv;
  const value = variable === undefined ? undefined : env[variable];

  if (variable !== undefined && value === undefined) throw new ConnectorsFileError(file, `${where}: environment variable ${variable} is not set; set it or write the value in the file`);
  if (variable === undefined) onInline();
  if (secret.type === "basic") return { type: "basic", username: secret.username, password: value ?? secret.password! };
  return { type: "bearer", token: value ?? secret.token! };
}
