import { existsSync } from "node:fs";
import path from "node:path";

import { SCRIPT_SERVICE } from "@callflow/nodes";

import type { ConnectorServices } from "../connectors/connector-services.js";
import { ServiceTable } from "../connectors/node-services.js";
import { createTenantScriptService } from "../connectors/tenant-script-service.js";
import { ScriptSandbox } from "../sandbox/index.js";
import type { CommandContext } from "./command.js";
import { ConnectorsFileError, openConnectorsFile } from "./connectors-file.js";
import { EmbeddedPostgresError } from "./embedded-postgres.js";
import { UsageError } from "./usage-error.js";

// The tenant of the command line's simulated calls, whose isolates and quota the sandbox keys by it.
const CLI_TENANT = "local";

/** File name that `callflow run` and `callflow test` look for when --connectors is not given. */
export const CONNECTORS_FILE_NAME = "connectors.yaml";

/**
 * Opens the node services of `callflow run` and `callflow test`: a script sandbox with one
 * worker process, which starts on the first logic.script run, and the connectors file's services.
 * Without `--connectors` the file is the `connectors.yaml` beside the flow files or in their
 * parent folder, if there is one. Without a file only scripts are offered, so integration nodes
 * fail with "service unavailable" instead of reaching out with no allow-list.
 *
 * Returns null after printing the reason when the connectors file is invalid or its embedded
 * server fails to start.
 *
 * @throws UsageError when the flow files would find different connectors files
 */
export async function openNodeServices(
  file: string | undefined,
  flowFiles: { command: string; files: readonly string[] },
  { io, cwd, scriptWorker }: CommandContext,
): Promise<ConnectorServices | null> {
  const connectorsFile = file ?? findConnectorsFile(flowFiles.files, cwd, flowFiles.command);

  if (file === undefined && connectorsFile !== undefined) io.stderr(`using connectors file ${connectorsFile} (found beside the flow); name another with --connectors\n`);
  const sandbox = new ScriptSandbox({ workers: 1, worker: scriptWorker });
  const scripts = { sandbox, tenantId: CLI_TENANT };
  let connectors: ConnectorServices | undefined;

  try {
    connectors = connectorsFile === undefined ? undefined : await openConnectorsFile(connectorsFile, cwd, process.env, { scripts, childExecArgv: scriptWorker?.execArgv });
  } catch (error) {
    void sandbox.close();
    if (!(error instanceof ConnectorsFileError) && !(error instanceof EmbeddedPostgresError)) throw error;
    io.stderr(`${error.message}\n`);
    return null;
  }
  return {
    // Without connectors, a script's HTTP request fails because its connector is not found.
    services: connectors?.services ?? new ServiceTable().add(SCRIPT_SERVICE, createTenantScriptService(scripts)),
    async close() {
      await connectors?.close();
      await sandbox.close();
    },
  };
}

// Looks in each flow file's folder, then its parent, and returns the path relative to `cwd`.
function findConnectorsFile(flowFiles: readonly string[], cwd: string, commandName: string): string | undefined {
  const found = new Set<string>();

  for (const flowFile of flowFiles) {
    const folder = path.dirname(path.resolve(cwd, flowFile));
    const candidate = [folder, path.dirname(folder)].map((dir) => path.join(dir, CONNECTORS_FILE_NAME)).find((name) => existsSync(name));

    if (candidate !== undefined) found.add(candidate);
  }
  if (found.size > 1) {
    throw new UsageError(`the flow files have different ${CONNECTORS_FILE_NAME} files (${[...found].map((name) => path.relative(cwd, name)).join(", ")}); name one with --connectors`, commandName);
  }
  const [only] = found;

  return only === undefined ? undefined : path.relative(cwd, only) || only;
}
