import { flowDocumentJsonSchema } from "@callflow/sdk";
import { z } from "zod";

import { directoryFileSchema } from "../../directory/directory-schema.js";
import type { Command } from "../command.js";
import { COMMON_OPTIONS } from "../command.js";
import { testsFileSchema } from "../tests-file.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

const HELP = `Usage: callflow schema [options] [KIND]

Prints a JSON Schema (draft 2020-12) for editors and other tools. KIND is one of:
  flow        flow documents (the default)
  tests       the tests.json file of test cases beside a flow
  directory   directory files mapping called numbers to tenants and flows

Checks that a schema cannot express, such as node configs and expressions, are made by
callflow validate and callflow test.

Options:
  -h, --help   show this help

Example:
  callflow schema > flow-document.schema.json
`;

const SCHEMAS: Record<string, () => Record<string, unknown>> = {
  flow: flowDocumentJsonSchema,
  tests: () => ({ ...z.toJSONSchema(testsFileSchema, { io: "input", unrepresentable: "any" }), title: "Callflow tests.json" }),
  directory: () => ({ ...z.toJSONSchema(directoryFileSchema, { io: "input", unrepresentable: "any" }), title: "Callflow directory file" }),
};

/** `callflow schema [KIND]`: prints a JSON Schema. */
export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schema of flow documents, tests.json or directory files",
  help: HELP,
  options: COMMON_OPTIONS,
  async run(line, { io }) {
    if (line.positionals.length > 1) throw new UsageError(`expected at most one KIND, got ${line.positionals.length}: ${line.positionals.join(" ")}`, "schema");
    const kind = line.positionals[0] ?? "flow";
    const build = Object.hasOwn(SCHEMAS, kind) ? SCHEMAS[kind] : undefined;

    if (build === undefined) throw new UsageError(`unknown schema "${kind}"; use one of ${Object.keys(SCHEMAS).join(", ")}`, "schema");
    io.stdout(JSON.stringify(build(), null, 2) + "\n");
    return EXIT_OK;
  },
};
