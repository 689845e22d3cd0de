import { parseArgs } from "node:util";

import type { AriUser } from "./options.js";

/** Settings of the `main.ts` command line. */
export interface CliOptions {
  port: number;
  users: AriUser[];
  /** Application that `--calls` inbound calls enter. */
  app: string;
  /** Inbound calls started once the application's WebSocket connects. */
  calls: number;
  intervalMs: number;
  /** The scripted caller hangs up this long after entering Stasis; 0 never. */
  hangupAfterMs: number;
  extension: string;
  /** Real milliseconds per virtual millisecond; 1 is real time. */
  scale: number;
}

export const CLI_USAGE = `Usage: node dist/ari/test-server/main.js [options]

Runs the ARI test server on 127.0.0.1 until SIGINT or SIGTERM.

  --port N            TCP port; 0 picks a free one (default 8088)
  --user NAME:PASS    accepted credentials, repeatable (default asterisk:asterisk)
  --app NAME          application that --calls enter (default callflow)
  --calls N           inbound calls to start once the app connects (default 0)
  --interval MS       milliseconds between those calls (default 1000)
  --hangup-after MS   each caller hangs up this long after entering Stasis; 0 never (default 0)
  --extension EXTEN   extension the calls dial (default s)
  --scale X           real milliseconds per simulated millisecond (default 1)
  --help              print this text`;

/** Parses the command line. Throws an Error that names the invalid flag and its value. */
export function parseCliOptions(argv: string[]): CliOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8088" },
      user: { type: "string", multiple: true },
      app: { type: "string", default: "callflow" },
      calls: { type: "string", default: "0" },
      interval: { type: "string", default: "1000" },
      "hangup-after": { type: "string", default: "0" },
      extension: { type: "string", default: "s" },
      scale: { type: "string", default: "1" },
      help: { type: "boolean", default: false },
    },
  });

  if (values.help) return "help";
  return {
    port: integerFlag("port", values.port!),
    users: (values.user ?? ["asterisk:asterisk"]).map(parseUser),
    app: values.app!,
    calls: integerFlag("calls", values.calls!),
    intervalMs: integerFlag("interval", values.interval!),
    hangupAfterMs: integerFlag("hangup-after", values["hangup-after"]!),
    extension: values.extension!,
    scale: positiveFlag("scale", values.scale!),
  };
}

function integerFlag(name: string, text: string): number {
  const value = Number(text);

  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number of 0 or more, got "${text}"`);
  return value;
}

function positiveFlag(name: string, text: string): number {
  const value = Number(text);

  if (!(value > 0)) throw new Error(`--${name} must be a number above 0, got "${text}"`);
  return value;
}

function parseUser(text: string): AriUser {
  const colon = text.indexOf(":");

  if (colon <= 0) throw new Error(`--user must be NAME:PASSWORD, got "${text}"`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
