import { SCRIPT_SERVICE } from "@callflow/nodes";

import type { ConnectorServices } from "../connectors/connector-services.js";
import { ServiceTable } from "../connectors/node-services.js";
import { ScriptSandbox } from "../sandbox/index.js";
import type { CommandContext } from "./command.js";
import { ConnectorsFileError, loadConnectorsFile } from "./connectors-file.js";

// The tenant of the command line's simulated calls, whose isolates and quota the sandbox keys by it.
const CLI_TENANT = "local";

/**
 * Opens the node services of `callflow run` and `callflow test`: a script sandbox with one
 * worker process, which starts on the first logic.script run, and the connectors file's services
 * if a file is named. Without a file only scripts are offered, so integration nodes fail with
 * "service unavailable" instead of reaching out with no allow-list.
 *
 * Returns null after printing the reason when the connectors file is invalid.
 */
export function openNodeServices(file: string | undefined, { io, cwd, scriptWorker }: CommandContext): ConnectorServices | null {
  const sandbox = new ScriptSandbox({ workers: 1, worker: scriptWorker });
  const script = sandbox.forTenant(CLI_TENANT);
  let connectors: ConnectorServices | undefined;

  try {
    connectors = file === undefined ? undefined : loadConnectorsFile(file, cwd, process.env, script);
  } catch (error) {
    void sandbox.close();
    if (!(error instanceof ConnectorsFileError)) throw error;
    io.stderr(`${error.message}\n`);
    return null;
  }
  return {
    services: connectors?.services ?? new ServiceTable().add(SCRIPT_SERVICE, script),
    async close() {
      await connectors?.close();
      await sandbox.close();
    },
  };
}
