import { listenForFlowPublications, openDatabase, type CallflowDatabase, type FlowPublicationListener } from "@callflow/db";
import { createNodeRegistry } from "@callflow/nodes";
import { silentLogger, type Logger, type NodeRegistry } from "@callflow/sdk";

import type { CallServiceOptions } from "../service/call-service.js";
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
}

/** The database side of a runtime process: directory and flows. */
export interface RuntimeStore {
  db: CallflowDatabase;
  directory: DatabaseDirectory;
  flows: DatabaseFlowSource;
  /** Options of a CallService that uses this store. */
  serviceOptions(): Pick<CallServiceOptions, "directory" | "flows">;
  /** Stops listening and closes the pool. */
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
  const directory = new DatabaseDirectory(db, logger);
  const flows = new DatabaseFlowSource(db, options.registry ?? createNodeRegistry(), logger);
  let listener: FlowPublicationListener | undefined;

  try {
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
    await db.close();
    throw error;
  }

  return {
    db,
    directory,
    flows,
    serviceOptions: () => ({ directory, flows }),
    async close() {
      await listener?.close();
      await db.close();
    },
  };
}
