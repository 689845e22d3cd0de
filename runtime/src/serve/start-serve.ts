import { createNodeRegistry } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { AriConnection } from "../ari/adapter/ari-connection.js";
import { FileDirectory } from "../directory/file-directory.js";
import type { TtsCache } from "../media/tts/tts-cache.js";
import { startTtsMedia } from "../media/tts/tts-delivery.js";
import { CallService } from "../service/call-service.js";
import { FileFlowSource } from "../service/flow-source.js";
import type { ScriptSandbox, ScriptSandboxOptions } from "../sandbox/index.js";
import { callRecordWriter, JsonLinesFile, recordingSink } from "./file-sinks.js";
import type { LoadedServeConfig } from "./serve-config.js";
import { startServeNodeServices } from "./serve-node-services.js";

/** A running `callflow serve`. */
export interface ServeHandle {
  service: CallService;
  connections: AriConnection[];
  tts: TtsCache | undefined;
  /** The sandbox of the flows' logic.script nodes. */
  sandbox: ScriptSandbox;
  /** Stops taking calls, lets running ones finish until the drain deadline, then closes. */
  shutdown(): Promise<void>;
}

/** Options of {@link startServe} that do not come from the config file. */
export interface StartServeOptions {
  /** Worker process settings of the script sandbox, such as a TypeScript loader under Jest. */
  sandboxWorker?: ScriptSandboxOptions["worker"];
}

/**
 * Starts serving flows from files against Asterisk: the file directory, the flows folder, the
 * script sandbox and each tenant's connectors, one ARI connection per server, TTS with its cache,
 * and the record files.
 */
export async function startServe(
  config: LoadedServeConfig,
  logger: Logger = silentLogger,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: StartServeOptions = {},
): Promise<ServeHandle> {
  const directory = FileDirectory.load(config.directory);
  const registry = createNodeRegistry();
  const nodeServices = await startServeNodeServices(config, directory.list(), logger, { worker: options.sandboxWorker });
  const callsFile = config.records.calls ? new JsonLinesFile(config.records.calls, logger) : undefined;
  const recordingsFile = config.records.recordings ? new JsonLinesFile(config.records.recordings, logger) : undefined;
  const service = new CallService({
    directory,
    flows: new FileFlowSource(config.flowsRoot, registry),
    logger,
    timeZone: config.timeZone,
    serviceLanguage: config.serviceLanguage,
    traceSink: recordingsFile ? () => recordingSink(recordingsFile) : undefined,
    onCallEnded: callsFile ? callRecordWriter(callsFile) : undefined,
    services: (tenantId) => nodeServices.tenants.for(tenantId),
  });
  const ttsMedia = config.tts ? await startTtsMedia(config.tts, logger, env) : undefined;
  const connections = config.asterisk.map(
    (server) =>
      new AriConnection({
        server,
        client: config.ari.client,
        logger,
        resolveMedia: ttsMedia?.resolveMedia,
        onCall: (channel) => void service.handle(channel),
      }),
  );

  try {
    await Promise.all(connections.map((connection) => connection.start()));
  } catch (error) {
    for (const connection of connections) connection.stop();
    ttsMedia?.close();
    await nodeServices.close();
    throw error;
  }
  logger.info({ servers: connections.length, numbers: directory.list().length, tenantsWithConnectors: config.tenantConnectors.size }, "serving calls");
  return {
    service,
    connections,
    tts: ttsMedia?.cache,
    sandbox: nodeServices.sandbox,
    async shutdown() {
      await service.drain(config.drainSeconds * 1000);
      for (const connection of connections) connection.stop();
      ttsMedia?.close();
      await nodeServices.close();
      await Promise.all([callsFile?.flush(), recordingsFile?.flush()]);
      logger.info({}, "stopped");
    },
  };
}

