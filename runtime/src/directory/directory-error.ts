/** Reason a directory file failed to load. */
export type DirectoryErrorCode = "not-found" | "unreadable" | "unsupported-format" | "invalid-syntax" | "invalid-entry";

/**
 * A directory file that cannot be loaded. The message names the file, each bad entry and the
 * fix, and `issues` contains one line per problem for callers that list them.
 */
export class DirectoryFileError extends Error {
  readonly code: DirectoryErrorCode;
  readonly file: string;
  readonly issues: readonly string[];

  constructor(code: DirectoryErrorCode, file: string, issues: readonly string[]) {
    super(issues.length === 1 ? `${file}: ${issues[0]}` : `${file} has ${issues.length} problems:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "DirectoryFileError";
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}
