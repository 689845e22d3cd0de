import type { ScriptSandboxOptions } from "../sandbox/index.js";
import { parseCommandLine } from "./arguments.js";
import type { Command } from "./command.js";
import { runCommand } from "./commands/run-command.js";
import { schemaCommand } from "./commands/schema-command.js";
import { serveCommand } from "./commands/serve-command.js";
import { testCommand } from "./commands/test-command.js";
import { validateCommand } from "./commands/validate-command.js";
import type { CliIo } from "./io.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from "./usage-error.js";
import { RUNTIME_VERSION } from "./version.js";

const COMMANDS: readonly Command[] = [validateCommand, runCommand, testCommand, schemaCommand, serveCommand];

const HELP = `Usage: callflow COMMAND [options]

Checks, runs and tests Callflow flow documents from files.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

Options:
  -h, --help      show this help; callflow COMMAND --help shows a command's help
  -V, --version   print the version

Exit codes: 0 success, 1 a flow problem, a failed test or an unreadable file, 2 a wrong
command line.
`;

/** Options of {@link main} for tests. */
export interface MainOptions {
  /** Current time, epoch ms, for `run` without `--at`. Default: Date.now. */
  now?: () => number;
  /** Worker process settings of the script sandbox of `run` and `test`, such as a TypeScript loader under Jest. */
  scriptWorker?: ScriptSandboxOptions["worker"];
}

/**
 * Runs the `callflow` command line and returns its exit code. It writes only through `io` and
 * never exits the process, so tests call it in process.
 *
 * @param argv - arguments after the program name, such as `["validate", "flow.json"]`
 * @example
 * const code = await main(["validate", "examples/bank-hotline/flow.json"], processIo());
 */
export async function main(argv: readonly string[], io: CliIo, options: MainOptions = {}): Promise<number> {
  const [name, ...args] = argv;

  try {
    if (name === undefined || name === "-h" || name === "--help" || name === "help") return printHelp(io, args[0]);
    if (name === "-V" || name === "--version") {
      io.stdout(`${RUNTIME_VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === name);

    if (command === undefined) throw new UsageError(`unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(", ")}`);
    const line = parseCommandLine(command.name, args, command.options);

    if (line.values.help) {
      io.stdout(command.help);
      return EXIT_OK;
    }
    return await command.run(line, { io, cwd: io.cwd ?? process.cwd(), now: options.now ?? Date.now, scriptWorker: options.scriptWorker });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.command === undefined ? "callflow --help" : `callflow ${error.command} --help`;

    io.stderr(`callflow: ${error.message}\nSee ${help}.\n`);
    return EXIT_USAGE;
  }
}

function printHelp(io: CliIo, commandName: string | undefined): number {
  if (commandName === undefined) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === commandName);

  if (command === undefined) throw new UsageError(`unknown command "${commandName}"; the commands are ${COMMANDS.map((c) => c.name).join(", ")}`);
  io.stdout(command.help);
  return EXIT_OK;
}

/** Exit code for an error that escaped every command: a bug, reported with its stack. */
export function reportUnexpectedError(error: unknown, io: CliIo): number {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);

  io.stderr(`callflow: unexpected error, which is a bug in Callflow; please report it with the command you ran:\n${detail}\n`);
  return EXIT_FAILURE;
}
