// The runtime as `callflow serve` wires it (file directory, file flow source, call service, one
// ARI connection), in the benchmark's own process, with a logger that counts warnings and errors.
import path from "node:path";

import { createNodeRegistry } from "@callflow/nodes";

import { AriConnection } from "../../dist/ari/adapter/ari-connection.js";
import { FileDirectory } from "../../dist/directory/file-directory.js";
import { CallService } from "../../dist/service/call-service.js";
import { FileFlowSource } from "../../dist/service/flow-source.js";

/**
 * A logger that drops info and debug records and counts warnings and errors by message,
 * keeping the first few records of each level, so a run reports its failures without the cost
 * of writing logs.
 */
export class CountingLogger {
  constructor(shared = { counts: {}, first: [] }) {
    this.shared = shared;
  }

  debug() {}

  info() {}

  warn(fields, message) {
    this.count("warn", fields, message);
  }

  error(fields, message) {
    this.count("error", fields, message);
  }

  child() {
    return this;
  }

  count(level, fields, message) {
    const key = `${level}: ${message}`;

    this.shared.counts[key] = (this.shared.counts[key] ?? 0) + 1;
    if (this.shared.first.length < 5) this.shared.first.push({ level, message, error: fields?.err instanceof Error ? fields.err.message : undefined });
  }

  get total() {
    return Object.values(this.shared.counts).reduce((sum, count) => sum + count, 0);
  }
}

/**
 * Starts the runtime on the `client` ARI library against `url` for the Stasis application
 * `app`, serving the flows of `folder` (see fixture.mjs). Resolves once the events WebSocket is
 * open.
 */
export async function startRuntime({ url, username, password, app, folder, client }) {
  const logger = new CountingLogger();
  const outcomes = {};
  const registry = createNodeRegistry();
  const directory = FileDirectory.load(path.join(folder, "directory.yaml"));
  const service = new CallService({
    directory,
    flows: new FileFlowSource(folder, registry),
    logger,
    onCallEnded: (record) => {
      outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
    },
  });
  let callsOffered = 0;
  const connection = new AriConnection({
    server: { name: "bench", url, username, password, app },
    client,
    logger,
    onCall: (channel) => {
      callsOffered++;
      void service.handle(channel);
    },
  });

  await connection.start();
  return {
    service,
    connection,
    logger,
    outcomes,
    get callsOffered() {
      return callsOffered;
    },
    // AriConnection keeps its transport private, so the step probe reaches it through here.
    get transport() {
      return connection.transport;
    },
    stop() {
      connection.stop();
    },
  };
}
