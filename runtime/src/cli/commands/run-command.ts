import { CallerScriptError, localTimeIn, parseCallerScript, type CallerAction } from "@callflow/sdk";

import { createCliLogger } from "../cli-logger.js";
import type { Command } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { openNodeServices } from "../cli-node-services.js";
import { collectPlans } from "../flow-plans.js";
import { formatProblem } from "../format-problems.js";
import { formatTrace } from "../format-trace.js";
import { loadFlowFile } from "../load-flow.js";
import { parseAtOption, parseSeedOption, parseTimeZoneOption } from "../option-values.js";
import { runSimulatedCall } from "../simulated-call.js";
import { EXIT_FAILURE, EXIT_OK, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow run [options] FILE

Runs one simulated call through a flow on a virtual clock, so timeouts take no real time, and
prints its trace: seconds since the call started, the nodes entered and the ports taken, the
prompts with their language and text and whether a key interrupted them, the keys pressed,
variable changes (sensitive values redacted), log lines and how the call ended.

Options:
  --at TIME          start of the call, ISO 8601 with a UTC offset,
                     such as 2026-12-07T10:00:00+08:00 (default: now)
  --tz ZONE          IANA time zone of the call's site, used by nodes without their own,
                     such as Asia/Taipei (default: UTC)
  --input SCRIPT     the caller's actions, comma-separated: a key (0-9 * #) or hangup, each
                     optionally at a time from the call's start (1@2s, hangup@9.5s, 2400ms);
                     keys written together (1234#) or without a time come 300 ms apart
                     (default: the caller presses nothing)
  --caller NUMBER    calling number (default: 0912345678)
  --called NUMBER    called number (default: 1800)
  --seed N           seed of the random generator for percentage splits (default: 1)
  --library DIR      folder holding flows/, prompts/ and calendars/
                     (default: the flow file's folder)
  --connectors FILE  YAML or JSON file of the connectors, secrets and egress allow-list
                     that nodes such as data.query use (default: the connectors.yaml
                     beside the flow file or in its parent folder, if any)
  --json             print the trace events as JSON lines instead
  --verbose          log to standard error
  -h, --help         show this help

Exit codes: 0 the call ran, 1 the flow has errors or cannot be read, 2 a wrong command line.

Example:
  callflow run examples/bank-hotline/flow.json --at 2026-12-07T10:00:00+08:00 --input "1@4s,1@8s"
`;

/** `callflow run FILE`: runs a simulated call and prints its trace. */
export const runCommand: Command = {
  name: "run",
  summary: "run a simulated call through a flow and print its trace",
  help: HELP,
  options: {
    ...COMMON_OPTIONS,
    at: { type: "string" },
    tz: { type: "string" },
    input: { type: "string" },
    caller: { type: "string" },
    called: { type: "string" },
    seed: { type: "string" },
    library: { type: "string" },
    json: { type: "boolean" },
    connectors: { type: "string" },
  },
  async run(line, context) {
    const { io, cwd, now } = context;
    const values = line.values as Record<string, string | undefined>;

    if (line.positionals.length !== 1) {
      throw new UsageError(`name exactly one flow file, got ${line.positionals.length}; such as callflow run examples/bank-hotline/flow.json`, "run");
    }
    const startMs = parseAtOption("run", values.at, now);
    const timeZone = parseTimeZoneOption("run", values.tz);
    const seed = parseSeedOption("run", values.seed);
    const input = parseInput(values.input);
    const loaded = loadFlowFile(line.positionals[0], { cwd, libraryRoot: values.library });

    for (const p of loaded.problems) io.stderr(formatProblem(p) + "\n");
    if (loaded.plan === undefined) {
      io.stderr(`${loaded.file}: the flow has errors, so no call was run; fix them and run again\n`);
      return EXIT_FAILURE;
    }
    const logger = createCliLogger(line.values.verbose === true, io);
    const nodeServices = await openNodeServices(values.connectors, { command: "run", files: line.positionals }, context);

    if (nodeServices === null) return EXIT_FAILURE;
    const call = await runSimulatedCall({ plan: loaded.plan, startMs, timeZone, input, seed, caller: values.caller, called: values.called, logger, services: nodeServices.services }).finally(
      () => nodeServices.close(),
    );

    if (line.values.json) {
      for (const event of call.events) io.stdout(JSON.stringify(event) + "\n");
      return EXIT_OK;
    }
    const local = localTimeIn(startMs, timeZone);
    const start = values.at ?? new Date(startMs).toISOString();

    io.stdout(`${loaded.file}: simulated call starting ${start} (${local.date} ${local.time} in ${timeZone}), seed ${seed}\n`);
    for (const text of formatTrace(call.events, startMs, collectPlans(loaded.plan))) io.stdout(text + "\n");
    return EXIT_OK;
  },
};

function parseInput(script: string | undefined): CallerAction[] {
  try {
    return parseCallerScript(script ?? "");
  } catch (error) {
    if (error instanceof CallerScriptError) throw new UsageError(`--input is not a valid caller script: ${error.message}`, "run");
    throw error;
  }
}
