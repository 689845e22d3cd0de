import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { parseDocument } from "yaml";
import type { z } from "zod";

import { formatIssuePath } from "../library/issue-path.js";
import { parseJsonText } from "../library/json-text.js";
import type { Directory, DirectoryEntry } from "./directory.js";
import { normalizeNumber } from "./directory.js";
import { DirectoryFileError } from "./directory-error.js";
import { directoryFileSchema } from "./directory-schema.js";

/** Options of {@link FileDirectory.load}. */
export interface FileDirectoryOptions {
  /**
   * Check that each entry's flow exists as `<flow>/flow.json` beside the directory file.
   * Default true.
   */
  checkFlows?: boolean;
}

/**
 * A directory read from one YAML (`.yaml`, `.yml`) or JSON (`.json`) file. The file is read and
 * validated once, when loaded, so a mistake stops the runtime at start and not on a call. Flows
 * are folders beside the file: the entry `flow: bank-hotline` is `bank-hotline/flow.json`.
 *
 * @example
 * const directory = FileDirectory.load("examples/directory.yaml");
 * const entry = await directory.lookup("0800 123 456"); // { tenantId: "demo-bank", flow: "bank-hotline", ... }
 */
export class FileDirectory implements Directory {
  /** Absolute path of the directory file. */
  readonly file: string;
  private readonly entries: ReadonlyMap<string, DirectoryEntry>;

  private constructor(file: string, entries: readonly DirectoryEntry[]) {
    this.file = file;
    this.entries = new Map(entries.map((entry) => [entry.number, entry]));
  }

  /**
   * Reads and validates a directory file.
   *
   * @throws DirectoryFileError naming the file, every bad entry and the fix
   */
  static load(file: string, options: FileDirectoryOptions = {}): FileDirectory {
    const absolute = path.resolve(file);
    const raw = readDirectoryFile(absolute);
    const result = directoryFileSchema.safeParse(raw);

    if (!result.success) throw new DirectoryFileError("invalid-entry", absolute, describeIssues(result.error, raw));
    const entries: DirectoryEntry[] = result.data.numbers.map((entry) => ({ ...entry, callerId: entry.callerId }));
    const problems = [...duplicateProblems(entries), ...(options.checkFlows === false ? [] : missingFlowProblems(absolute, entries))];

    if (problems.length > 0) throw new DirectoryFileError("invalid-entry", absolute, problems);
    return new FileDirectory(absolute, entries);
  }

  lookup(calledNumber: string): DirectoryEntry | undefined {
    return this.entries.get(normalizeNumber(calledNumber));
  }

  /** Returns every entry, in file order. */
  list(): DirectoryEntry[] {
    return [...this.entries.values()];
  }

  /** Path of the flow document an entry refers to. */
  flowFile(entry: DirectoryEntry): string {
    return path.join(path.dirname(this.file), entry.flow, "flow.json");
  }
}

function readDirectoryFile(file: string): unknown {
  const extension = path.extname(file).toLowerCase();

  if (![".yaml", ".yml", ".json"].includes(extension)) {
    throw new DirectoryFileError("unsupported-format", file, [`the extension "${extension}" is not supported; name the file .yaml, .yml or .json`]);
  }
  if (!existsSync(file)) throw new DirectoryFileError("not-found", file, ["the file does not exist; check the path or create the file"]);
  let text: string;

  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DirectoryFileError("unreadable", file, [`the file cannot be read: ${(error as Error).message}; check its permissions`]);
  }
  return extension === ".json" ? parseJson(file, text) : parseYaml(file, text);
}

function parseJson(file: string, text: string): unknown {
  try {
    return parseJsonText(text);
  } catch (error) {
    throw new DirectoryFileError("invalid-syntax", file, [`not valid JSON: ${(error as Error).message}; fix the syntax near that position`]);
  }
}

function parseYaml(file: string, text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });

  if (document.errors.length > 0) {
    throw new DirectoryFileError(
      "invalid-syntax",
      file,
      // The yaml package ends the first line of a message with a colon before a source excerpt.
      document.errors.map((error) => `not valid YAML: ${error.message.split("\n")[0].replace(/:$/, "")}; fix the syntax there`),
    );
  }
  return document.toJS();
}

function describeIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.map((issue) => {
    const [first, index] = issue.path;
    const where = first === "numbers" && typeof index === "number" ? entryLabel(raw, index) : "";
    const field = formatIssuePath(first === "numbers" && typeof index === "number" ? issue.path.slice(2) : issue.path);
    const message = issue.code === "unrecognized_keys" ? `${issue.message}; remove it or correct its spelling` : issue.message;

    return `${where}${field === "(file)" ? "" : `${field}: `}${message}`;
  });
}

// Names an entry by its position and, when it has one, its number, so the person can find it.
function entryLabel(raw: unknown, index: number): string {
  const entry = (raw as { numbers?: unknown[] }).numbers?.[index] as { number?: unknown } | undefined;
  const number = entry?.number;

  return typeof number === "string" || typeof number === "number" ? `numbers[${index}] (${number}): ` : `numbers[${index}]: `;
}

function duplicateProblems(entries: readonly DirectoryEntry[]): string[] {
  const firstIndex = new Map<string, number>();
  const problems: string[] = [];

  entries.forEach((entry, index) => {
    const earlier = firstIndex.get(entry.number);

    if (earlier === undefined) firstIndex.set(entry.number, index);
    else problems.push(`numbers[${index}] (${entry.number}): the number is already listed at numbers[${earlier}]; keep one entry per number`);
  });
  return problems;
}

function missingFlowProblems(file: string, entries: readonly DirectoryEntry[]): string[] {
  const folder = path.dirname(file);

  return entries.flatMap((entry, index) => {
    const flowFile = path.join(folder, entry.flow, "flow.json");

    if (existsSync(flowFile)) return [];
    return [`numbers[${index}] (${entry.number}): flow "${entry.flow}" is not found at ${flowFile}; correct the flow name or add the flow`];
  });
}
