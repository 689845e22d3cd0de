import path from "node:path";

import { pino } from "pino";

import type { Command } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { loadServeConfig, ServeConfigError } from "../../serve/serve-config.js";
import { startServe } from "../../serve/start-serve.js";
import { EXIT_FAILURE, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow serve --config FILE

Runs flows from files on real calls through Asterisk's REST Interface (ARI): each call that
enters the Stasis application is looked up in the directory file by its called number and runs
that number's flow. Logs are JSON lines on standard output. On SIGTERM or SIGINT it stops
taking calls, lets running calls finish for drainSeconds, ends the rest politely and exits.

Options:
  --config FILE   the serve config (YAML), such as callflow.yaml; see the README section
                  "Run with Asterisk" for every field
  -h, --help      show this help

Exit codes: 0 stopped after a signal, 1 the config or a connection failed, 2 a wrong command line.
`;

/** `callflow serve --config FILE`: runs flows from files against Asterisk. */
export const serveCommand: Command = {
  name: "serve",
  summary: "run flows from files on real calls through Asterisk (ARI)",
  help: HELP,
  options: { ...COMMON_OPTIONS, config: { type: "string" } },
  async run(line, context) {
    const file = line.values.config;

    if (typeof file !== "string") throw new UsageError("--config FILE is required, such as --config callflow.yaml", "serve");
    const logger = pino({ level: line.values.verbose ? "debug" : "info" }, { write: (text: string) => context.io.stdout(text) });
    let handle;

    try {
      handle = await startServe(loadServeConfig(path.resolve(context.cwd, file)), logger);
    } catch (error) {
      const message = error instanceof ServeConfigError ? error.message : `could not start: ${(error as Error).message}`;

      context.io.stderr(`callflow serve: ${message}\n`);
      return EXIT_FAILURE;
    }
    logger.info({ config: file }, "callflow serve started");
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
