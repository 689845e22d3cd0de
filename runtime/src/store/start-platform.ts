import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { migrate, startEmbeddedPostgres, type EmbeddedPostgres, type PlatformActor } from "@callflow/db";
import { createNodeRegistry } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { acdEventSocketRoutes } from "../acd/acd-event-socket.js";
import { acdRoutes } from "../acd/acd-routes.js";
import { AcdTenants } from "../acd/acd-tenants.js";
import { createApiServer } from "../api/create-api-server.js";
import { AriConnection, type AriConnectionOptions } from "../ari/adapter/ari-connection.js";
import { startTtsMedia, type TtsMedia } from "../media/tts/tts-delivery.js";
import { UploadedPromptMedia } from "../media/uploaded-prompt-media.js";
import { TenantServices } from "../connectors/tenant-services.js";
import { ScriptSandbox } from "../sandbox/script-sandbox.js";
import { CallService } from "../service/call-service.js";
import { DatabaseConnectorSource, listenForConnectorChanges } from "./database-connectors.js";
import { demoCoreBankingAllowList } from "./demo-core-banking.js";
import { databaseTransferFlows } from "./database-transfer-flows.js";
import { seedDemoTenant, type DemoSeed } from "./demo-seed.js";
import { loadOrCreateMasterKey } from "./master-key-file.js";
import { parsePlatformEnv, type PlatformEnv } from "./platform-config.js";
import { openRuntimeStore, type RuntimeStore } from "./runtime-store.js";
import { testCallRoutes } from "./test-call-route.js";
import { templateRoutes } from "../api/routes/template-routes.js";

/** Options of {@link startPlatform}. */
export interface PlatformOptions {
  /** Folder of the embedded server's data and the master key file, such as `<repository>/.data`. */
  dataDir: string;
  /**
   * Folder of the example flows that the first start seeds, such as `<repository>/examples`.
   * Without its `directory.yaml`, an empty database stays empty.
   */
  examplesDir: string;
  /** Environment variables; see platformEnvSchema. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** Receives the lines shown once to the person who started the service, such as the demo admin's password. */
  print?: (line: string) => void;
}

/** A running service; see startPlatform. */
export interface PlatformHandle {
  /** URL of the database, with its password. */
  databaseUrl: string;
  /** Address the API listens on, such as `http://127.0.0.1:4000`. */
  apiUrl: string;
  server: Server;
  service: CallService;
  store: RuntimeStore;
  /** The script worker processes, shared by every tenant. */
  sandbox: ScriptSandbox;
  /** The demo tenant, when this start created it. */
  seeded: DemoSeed | undefined;
  /** Stops taking calls, lets running calls finish until the drain deadline, writes the call logs and stops. */
  shutdown(): Promise<void>;
}

const SEED_ACTOR: PlatformActor = { kind: "system", name: "callflow-start" };

/** The health route's entry when no Asterisk is configured and calls are simulated test calls only. */
const SIMULATED_TELEPHONY = { name: "simulated", state: "simulated" } as const;

/**
 * Starts the runtime service on PostgreSQL. It starts the embedded server with its data in
 * `<dataDir>/postgres` unless DATABASE_URL is set, and migrates the database. It seeds the demo
 * tenant when the database has no tenant yet. Then it runs the call service with the database
 * store, connects to Asterisk when CALLFLOW_ARI_URL is set, and serves the HTTP API. Without
 * Asterisk, calls come only as simulated test calls through `POST /api/test-calls`.
 */
export async function startPlatform(options: PlatformOptions): Promise<PlatformHandle> {
  const env = parsePlatformEnv(options.env ?? process.env);
  const logger = options.logger ?? silentLogger;
  const print = options.print ?? ((line: string) => console.log(line));
  const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres") });
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  let store: RuntimeStore | undefined;

  try {
    if (env.DATABASE_URL) await migrate(env.DATABASE_URL);
    logger.info({ embedded: embedded !== undefined, dataDir: embedded?.dataDir }, "database ready");

    const masterKey = await loadOrCreateMasterKey(options.dataDir, env.CALLFLOW_MASTER_KEY);
    const registry = createNodeRegistry();
    const openedStore = await openRuntimeStore({ url: databaseUrl, masterKey, registry, logger });
    store = openedStore;
    const seeded = await seedWhenEmpty(openedStore, options, print, databaseUrl);

    return await startServing(openedStore, { env, logger, databaseUrl, embedded, seeded, registry, examplesDir: options.examplesDir, dataDir: options.dataDir, rawEnv: options.env ?? process.env });
  } catch (error) {
    await store?.close();
    await embedded?.stop();
    throw error;
  }
}

async function seedWhenEmpty(store: RuntimeStore, options: PlatformOptions, print: (line: string) => void, databaseUrl: string): Promise<DemoSeed | undefined> {
  const tenants = await store.db.withPlatform(SEED_ACTOR, (platform) => platform.listTenants());

  if (tenants.length > 0) return undefined;
  if (!existsSync(path.join(options.examplesDir, "directory.yaml"))) {
    options.logger?.warn({ examplesDir: options.examplesDir }, "the database has no tenant and the examples folder has no directory.yaml; starting without a demo tenant");
    return undefined;
  }
  // The demo bank's database goes on the platform's own server, whose URL may create databases.
  const seeded = await seedDemoTenant(store.db, { examplesDir: options.examplesDir, coreBankingAdminUrl: databaseUrl, logger: options.logger });

  print(`Created the demo tenant "${seeded.tenantName}" with the example flows on ${seeded.numbers.map((entry) => entry.number).join(", ")}.`);
  print(`Sign in to tenant "${seeded.tenantName}" as "${seeded.adminLogin}" with the password ${seeded.adminPassword}`);
  print("This password is shown only this once.");
  return seeded;
}

interface ServingContext {
  env: PlatformEnv;
  logger: Logger;
  databaseUrl: string;
  embedded: EmbeddedPostgres | undefined;
  seeded: DemoSeed | undefined;
  registry: ReturnType<typeof createNodeRegistry>;
  examplesDir: string;
  dataDir: string;
  /** The whole environment, for settings read elsewhere, such as Azure's speech key. */
  rawEnv: Readonly<Record<string, string | undefined>>;
}

async function startServing(store: RuntimeStore, context: ServingContext): Promise<PlatformHandle> {
  const { env, logger } = context;
  const nodeServices = await startNodeServices(store, context);
  const service = new CallService({ ...store.serviceOptions(), logger, timeZone: env.CALLFLOW_TIME_ZONE, serviceLanguage: env.CALLFLOW_SERVICE_LANGUAGE });
  const tts = env.CALLFLOW_ARI_URL ? await startPlatformTts(env, context, logger) : undefined;
  const uploads = tts === undefined ? undefined : new UploadedPromptMedia(store.db, tts.cache);
  const connections = env.CALLFLOW_ARI_URL ? [connectAsterisk(env, service, logger, tts && uploads?.resolver(tts.resolveMedia))] : [];
  const server = createApiServer({
    db: store.db,
    registry: context.registry,
    logger,
    // Read at each request, so the health route reports the connections' live states.
    telephony: () => (connections.length > 0 ? connections.map((connection) => ({ name: "asterisk", state: connection.state })) : [SIMULATED_TELEPHONY]),
    extraRoutes: [
      ...testCallRoutes({ store, logger, timeZone: env.CALLFLOW_TIME_ZONE, serviceLanguage: env.CALLFLOW_SERVICE_LANGUAGE }),
      ...templateRoutes(context.examplesDir),
      ...acdRoutes((tenantId) => nodeServices.acd.open(tenantId)),
      ...acdEventSocketRoutes({ db: store.db, engines: (tenantId) => nodeServices.acd.open(tenantId), logger }),
    ],
  });

  await Promise.all(connections.map((connection) => connection.start()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.CALLFLOW_API_PORT, env.CALLFLOW_API_HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const apiUrl = `http://${env.CALLFLOW_API_HOST.includes(":") ? `[${env.CALLFLOW_API_HOST}]` : env.CALLFLOW_API_HOST}:${address.port}`;

  logger.info({ apiUrl, telephony: connections.length > 0 ? "asterisk" : "simulated" }, "runtime service started");
  return {
    databaseUrl: context.databaseUrl,
    apiUrl,
    server,
    service,
    store,
    sandbox: nodeServices.sandbox,
    seeded: context.seeded,
    async shutdown() {
      await service.drain(env.CALLFLOW_DRAIN_SECONDS * 1000);
      for (const connection of connections) connection.stop();
      tts?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nodeServices.close();
      await store.close();
      await context.embedded?.stop();
      logger.info({}, "runtime service stopped");
    },
  };
}

/**
 * Starts the script sandbox and gives the store's calls each tenant's node services: scripts,
 * HTTP, socket and file access with the tenant's connectors and secrets from the database
 * behind the operator's egress allow-list, and the tenant's ACD. The ACD engines of tenants with
 * configured queues start here; the others start on first use.
 */
async function startNodeServices(store: RuntimeStore, context: ServingContext): Promise<{ sandbox: ScriptSandbox; acd: AcdTenants; close(): Promise<void> }> {
  const { env, logger } = context;
  const source = new DatabaseConnectorSource(store.db, logger);
  const listener = await listenForConnectorChanges(context.databaseUrl, source, logger);
  const sandbox = new ScriptSandbox({ workers: env.CALLFLOW_SCRIPT_WORKERS, logger });
  let tenants: TenantServices;

  try {
    const demoBank = await demoCoreBankingAllowList(store.db, context.embedded?.port, logger);
    const allowFor = (tenantId: string) => (demoBank.has(tenantId) ? [demoBank.get(tenantId)!] : []);

    tenants = new TenantServices({ sandbox, connectors: source, allow: env.CALLFLOW_EGRESS_ALLOW, allowFor, storageRoot: env.CALLFLOW_STORAGE_ROOT, logger });
  } catch (error) {
    await sandbox.close();
    await listener.close();
    throw error;
  }
  const acd = new AcdTenants({
    db: store.db,
    url: context.databaseUrl,
    logger,
    timeZone: env.CALLFLOW_TIME_ZONE,
    transferFlows: (tenantId) => databaseTransferFlows(store.db, store.flows, tenantId),
  });

  store.setNodeServices((tenantId) => acd.withAcd(tenantId, tenants.for(tenantId)));
  let acdTenants: string[];

  try {
    acdTenants = await acd.startConfigured();
  } catch (error) {
    await acd.close();
    await tenants.close();
    await sandbox.close();
    await listener.close();
    throw error;
  }

  logger.info({ egressAllow: env.CALLFLOW_EGRESS_ALLOW.length, acdTenants: acdTenants.length }, "node services ready");
  return {
    sandbox,
    acd,
    async close() {
      await acd.close();
      await tenants.close();
      await sandbox.close();
      await listener.close();
    },
  };
}

// Text-to-speech of the calls on Asterisk, with its files in CALLFLOW_TTS_DIR or the data folder.
function startPlatformTts(env: PlatformEnv, context: ServingContext, logger: Logger): Promise<TtsMedia> {
  return startTtsMedia(
    {
      directory: path.resolve(env.CALLFLOW_TTS_DIR ?? path.join(context.dataDir, "tts")),
      delivery: env.CALLFLOW_TTS_DELIVERY,
      soundPrefix: env.CALLFLOW_TTS_SOUND_PREFIX,
      httpBaseUrl: env.CALLFLOW_TTS_HTTP_BASE_URL,
      httpPort: env.CALLFLOW_TTS_HTTP_PORT,
    },
    logger,
    context.rawEnv,
  );
}

function connectAsterisk(env: PlatformEnv, service: CallService, logger: Logger, resolveMedia: AriConnectionOptions["resolveMedia"]): AriConnection {
  return new AriConnection({
    server: { name: "asterisk", url: env.CALLFLOW_ARI_URL!, username: env.CALLFLOW_ARI_USERNAME!, password: env.CALLFLOW_ARI_PASSWORD!, app: env.CALLFLOW_ARI_APP },
    logger,
    resolveMedia,
    onCall: (channel) => void service.handle(channel),
  });
}
