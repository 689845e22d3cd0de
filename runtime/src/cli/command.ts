import type { ScriptSandboxOptions } from "../sandbox/index.js";
import type { ParsedCommandLine, OptionSpec } from "./arguments.js";
import type { CliIo } from "./io.js";

/** Context every command receives besides its command line. */
export interface CommandContext {
  io: CliIo;
  /** Folder that relative paths start from. */
  cwd: string;
  /** Current time, epoch ms; tests fix it. */
  now: () => number;
  /** Worker process settings of the script sandbox, such as a TypeScript loader under Jest. Default: the built worker. */
  scriptWorker?: ScriptSandboxOptions["worker"];
}

/** One `callflow` command. */
export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Runs the command and returns its exit code. */
  run(line: ParsedCommandLine, context: CommandContext): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h" },
  verbose: { type: "boolean" },
};
