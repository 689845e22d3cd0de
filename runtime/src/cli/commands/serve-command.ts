import path from "node:path";

import type { Logger } from "@callflow/sdk";
import { pino } from "pino";

import type { Command } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { loadServeConfig, ServeConfigError } from "../../serve/serve-config.js";
import { startServe } from "../../serve/start-serve.js";
import { PlatformConfigError } from "../../store/platform-config.js";
import { startPlatform } from "../../store/start-platform.js";
import { EXIT_FAILURE, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow serve [--config FILE]

With --config, runs flows from files on real calls through Asterisk's REST Interface (ARI): each
call that enters the Stasis application is looked up in the directory file by its called number
and runs that number's flow.

Without --config, runs the runtime service on PostgreSQL, as npm start does: the database of
DATABASE_URL, or an embedded server with its data in CALLFLOW_DATA_DIR (default ./.data); the
demo tenant from CALLFLOW_EXAMPLES_DIR (default ./examples) when the database has no tenant; the
HTTP API on CALLFLOW_API_PORT (default 4000); Asterisk when CALLFLOW_ARI_URL is set.

Logs are JSON lines on standard output. On SIGTERM or SIGINT it stops taking calls, lets running
calls finish for the drain time, ends the rest politely and exits.

Options:
  --config FILE   the serve config (YAML), such as callflow.yaml; see the README section
                  "Run with Asterisk" for every field
  -h, --help      show this help

Exit codes: 0 stopped after a signal, 1 the config or a connection failed, 2 a wrong command line.
`;

/** `callflow serve [--config FILE]`: runs flows from files against Asterisk, or the service on PostgreSQL. */
export const serveCommand: Command = {
  name: "serve",
  summary: "run the runtime service on PostgreSQL, or flows from files through Asterisk (ARI)",
  help: HELP,
  options: { ...COMMON_OPTIONS, config: { type: "string" } },
  async run(line, context) {
    const file = line.values.config;

    if (file !== undefined && typeof file !== "string") throw new UsageError("--config needs a file, such as --config callflow.yaml", "serve");
    const logger = pino({ level: line.values.verbose ? "debug" : "info" }, { write: (text: string) => context.io.stdout(text) });
    let handle;

    try {
      handle = file === undefined ? await startDatabaseService(context.cwd, logger, (text) => context.io.stdout(`${text}\n`)) : await startServe(loadServeConfig(path.resolve(context.cwd, file)), logger);
    } catch (error) {
      const message = error instanceof ServeConfigError || error instanceof PlatformConfigError ? error.message : `could not start: ${(error as Error).message}`;

      context.io.stderr(`callflow serve: ${message}\n`);
      return EXIT_FAILURE;
    }
    logger.info({ config: file ?? null }, "callflow serve started");
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        logger.info({ signal }, "shutting down");
        resolve();
      };

      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    await handle.shutdown();
    return 0;
  },
};

function startDatabaseService(cwd: string, logger: Logger, print: (text: string) => void) {
  return startPlatform({
    dataDir: path.resolve(cwd, process.env.CALLFLOW_DATA_DIR ?? ".data"),
    examplesDir: path.resolve(cwd, process.env.CALLFLOW_EXAMPLES_DIR ?? "examples"),
    logger,
    print,
  });
}
