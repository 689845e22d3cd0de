import { listenForFlowPublications, openDatabase, type CallflowDatabase, type ChannelKind, type FlowPublicationListener } from "@callflow/db";
import { createNodeRegistry } from "@callflow/nodes";
import { silentLogger, type Logger, type NodeRegistry, type NodeServices } from "@callflow/sdk";

import type { CallServiceOptions } from "../service/call-service.js";
import { CallLogWriter, type CallLogWriterOptions } from "./call-log-writer.js";
import { CallSlotReconciler, type CallSlotReconcilerOptions } from "./call-slot-reconciler.js";
import { DatabaseCallAdmission } from "./database-call-admission.js";
import { DatabaseDirectory } from "./database-directory.js";
import { DatabaseFlowSource } from "./database-flow-source.js";

/** Options of {@link openRuntimeStore}. */
export interface RuntimeStoreOptions {
  /** PostgreSQL connection URL of a migrated database. */
  url: string;
  /** The 32-byte master key. Default: read from CALLFLOW_MASTER_KEY. */
  masterKey?: Buffer;
  /** Node types flows may use. Default: the built-in nodes. */
  registry?: NodeRegistry;
  logger?: Logger;
  /** Pooled connections. Default 10. */
  maxConnections?: number;
  /** Batching of call records and trace events; see CallLogWriterOptions. */
  writer?: Pick<CallLogWriterOptions, "flushIntervalMs" | "flushEvents" | "maxPendingEvents">;
  /** Heartbeat of this process and release of dead processes' call slots; see CallSlotReconciler. */
  reconciler?: CallSlotReconcilerOptions;
}

/** The database side of a runtime process: directory, flows, admission and call logs. */
export interface RuntimeStore {
  db: CallflowDatabase;
  directory: DatabaseDirectory;
  flows: DatabaseFlowSource;
  admission: DatabaseCallAdmission;
  writer: CallLogWriter;
  reconciler: CallSlotReconciler;
  /**
   * Channel kinds of calls in progress that are not PSTN calls, by call id. The code that starts
   * such a call sets its kind before handing it to the service and deletes it when the call ends.
   */
  channelKinds: Map<string, ChannelKind>;
  /**
   * Sets the node services of each tenant's calls, for every CallService built from
   * serviceOptions, test calls included. Default: none.
   */
  setNodeServices(services: (tenantId: string) => NodeServices | undefined): void;
  /** Options of a CallService that uses this store. */
  serviceOptions(): Pick<CallServiceOptions, "directory" | "flows" | "admission" | "traceSink" | "onCallEnded" | "services">;
  /** Writes pending call logs, stops listening and closes the pool. */
  close(): Promise<void>;
}

/**
 * Opens the pool and the listener for published flows, and builds the store's parts. Resolves
 * once the listener is in place, so that no publication after that is missed.
 */
export async function openRuntimeStore(options: RuntimeStoreOptions): Promise<RuntimeStore> {
  const logger = options.logger ?? silentLogger;
  const db = openDatabase({
    url: options.url,
    masterKey: options.masterKey,
    maxConnections: options.maxConnections,
    onIdleConnectionError: (error) => logger.error({ err: error }, "an idle database connection failed"),
  });
  const channelKinds = new Map<string, ChannelKind>();
  const kindOf = (callId: string): ChannelKind => channelKinds.get(callId) ?? "pstn";
  const directory = new DatabaseDirectory(db, logger);
  const flows = new DatabaseFlowSource(db, options.registry ?? createNodeRegistry(), logger);
  const admission = new DatabaseCallAdmission(db, (channel) => kindOf(channel.callId), logger);
  const writer = new CallLogWriter({ db, channelKind: kindOf, logger, ...options.writer });
  const reconciler = new CallSlotReconciler(db, logger, options.reconciler);
  let listener: FlowPublicationListener | undefined;
  let nodeServices: ((tenantId: string) => NodeServices | undefined) | undefined;

  try {
    await reconciler.start();
    listener = listenForFlowPublications({
      url: options.url,
      onPublished: (notice) => flows.published(notice),
      onReconnected: () => {
        logger.warn({}, "flow publication listener reconnected; dropping cached flows, since notices may have been missed");
        flows.clear();
      },
      onError: (error) => logger.error({ err: error }, "flow publication listener failed"),
    });
    await listener.ready;
  } catch (error) {
    await listener?.close();
    await reconciler.stop().catch((stopError: unknown) => logger.error({ err: stopError }, "unregistering the runtime process failed"));
    await writer.close();
    await db.close();
    throw error;
  }

  return {
    db,
    directory,
    flows,
    admission,
    writer,
    reconciler,
    channelKinds,
    setNodeServices: (services) => {
      nodeServices = services;
    },
    serviceOptions: () => ({
      services: (tenantId) => nodeServices?.(tenantId),
      directory,
      flows,
      admission,
      traceSink: (callId, start) => writer.traceSink(callId, start),
      onCallEnded: (record) => writer.callEnded(record),
    }),
    async close() {
      await writer.close();
      await listener?.close();
      await reconciler.stop();
      await db.close();
    },
  };
}
