import { parseArgs } from "node:util";

import { UsageError } from "./usage-error.js";

/** One option a command accepts. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

/** Options and positionals of a command line. */
export interface ParsedCommandLine {
  /** Option values by long name; a repeated option keeps its last value. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments with node:util parseArgs, then checks each option itself, so an
 * unknown option or a missing value gets a message that names the command and its help.
 *
 * @throws UsageError for an unknown option, a string option without a value or a boolean
 *   option given a value
 */
export function parseCommandLine(command: string, args: readonly string[], options: Readonly<Record<string, OptionSpec>>): ParsedCommandLine {
  const { tokens } = parseArgs({ args: [...args], options: { ...options }, allowPositionals: true, strict: false, tokens: true });
  const values: ParsedCommandLine["values"] = {};
  const positionals: string[] = [];

  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = options[token.name];

    if (spec === undefined) throw new UsageError(`unknown option ${token.rawName} for "callflow ${command}"`, command);
    values[token.name] = spec.type === "boolean" ? booleanValue(command, token) : stringValue(command, token);
  }
  return { values, positionals };
}

function booleanValue(command: string, token: { rawName: string; value?: string }): boolean {
  if (token.value !== undefined) throw new UsageError(`option ${token.rawName} takes no value; write ${token.rawName} alone`, command);
  return true;
}

// parseArgs takes the next argument as the value even when it is another option (`--at --json`),
// which would hide a forgotten value, so an option-like value must be written inline.
function stringValue(command: string, token: { rawName: string; value?: string; inlineValue?: boolean }): string {
  const value = token.value;

  if (value === undefined || (!token.inlineValue && value.startsWith("-") && value.length > 1)) {
    throw new UsageError(`option ${token.rawName} needs a value, such as ${token.rawName} VALUE (write ${token.rawName}=VALUE for a value that starts with -)`, command);
  }
  return value;
}
