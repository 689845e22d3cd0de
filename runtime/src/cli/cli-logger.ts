import { silentLogger, type Logger } from "@callflow/sdk";
import { pino } from "pino";

import type { CliIo } from "./io.js";

/**
 * Creates the CLI's logger: pino JSON lines on standard error at debug level with `--verbose`,
 * and a silent logger otherwise, so standard output carries only the command's own output.
 */
export function createCliLogger(verbose: boolean, io: CliIo): Logger {
  if (!verbose) return silentLogger;
  return pino({ level: "debug", base: undefined }, { write: (line: string) => io.stderr(line) });
}
