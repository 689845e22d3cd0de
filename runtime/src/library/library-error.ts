/** Why a library file could not be used. */
export type LibraryErrorCode = "invalid-name" | "invalid-json" | "invalid-entry" | "unreadable";

/**
 * A library file that exists but cannot be used, or a reference name that could escape the
 * library folder. The message names the file (or the name) and what to fix.
 */
export class LibraryError extends Error {
  readonly code: LibraryErrorCode;
  /** The file concerned; undefined for an invalid name. */
  readonly file: string | undefined;

  constructor(code: LibraryErrorCode, message: string, file?: string) {
    super(message);
    this.name = "LibraryError";
    this.code = code;
    this.file = file;
  }
}
