import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { calendarSchema, promptLibraryEntrySchema, type ReferenceResolver } from "@callflow/sdk";
import type { z } from "zod";

import { formatIssuePath } from "./issue-path.js";
import { parseJsonText } from "./json-text.js";
import { LibraryError } from "./library-error.js";

/** Folder of each kind of reference, under the library root. */
export const LIBRARY_FOLDERS = { flow: "flows", prompt: "prompts", calendar: "calendars" } as const;

type ReferenceKind = keyof typeof LIBRARY_FOLDERS;

// The same characters as the SDK's subflow and prompt names, so every valid reference maps to
// exactly one file and none can leave the library folder.
const REFERENCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Resolves the names a flow refers to from JSON files under a library root:
 * `flows/<name>.json` (subflow documents), `prompts/<name>.json` (prompt library entries) and
 * `calendars/<name>.json` (holiday calendars). A name with no file resolves to undefined, which
 * the compiler reports as an unresolved reference.
 *
 * @throws LibraryError from each lookup when the name contains `/`, `\` or `..`, when the file
 *   is not valid JSON, or when a prompt or calendar file does not match its schema
 * @example
 * const library = new FileLibrary("examples/bank-hotline");
 * compileFlow(text, { registry, resolver: library });
 */
export class FileLibrary implements ReferenceResolver {
  /** Absolute path of the library root. */
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Path of the file that a reference name maps to; the file may not exist. */
  fileOf(kind: ReferenceKind, name: string): string {
    checkReferenceName(kind, name);
    return path.join(this.root, LIBRARY_FOLDERS[kind], `${name}.json`);
  }

  flow(name: string): unknown {
    return this.read("flow", name);
  }

  prompt(name: string): unknown {
    return this.readValidated("prompt", name, promptLibraryEntrySchema);
  }

  calendar(name: string): unknown {
    return this.readValidated("calendar", name, calendarSchema);
  }

  private read(kind: ReferenceKind, name: string): unknown {
    const file = this.fileOf(kind, name);

    if (!existsSync(file)) return undefined;
    let text: string;

    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new LibraryError("unreadable", `${file} cannot be read: ${(error as Error).message}. Check its permissions.`, file);
    }
    try {
      return parseJsonText(text);
    } catch (error) {
      throw new LibraryError("invalid-json", `${file} is not valid JSON: ${(error as Error).message}. Fix the syntax near that position.`, file);
    }
  }

  private readValidated(kind: ReferenceKind, name: string, schema: z.ZodType): unknown {
    const raw = this.read(kind, name);

    if (raw === undefined) return undefined;
    const result = schema.safeParse(raw);

    if (result.success) return raw;
    const file = this.fileOf(kind, name);
    const details = result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join("; ");

    throw new LibraryError("invalid-entry", `${file} is not a valid ${kind} file: ${details}. Correct these fields.`, file);
  }
}

function checkReferenceName(kind: ReferenceKind, name: string): void {
  if (REFERENCE_NAME.test(name) && !name.includes("..")) return;
  throw new LibraryError(
    "invalid-name",
    `${kind} name ${JSON.stringify(name)} is not valid: use letters, digits, "_", "-" and "." only, without "/" or "..", such as verify-account`,
  );
}
