/** A path that is not a relative path inside the tenant's storage root. */
export class FilePathError extends Error {
  readonly code = "invalid-file-path";
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`file path "${printable(path)}" ${problem}`);
    this.name = "FilePathError";
    this.path = path;
  }
}

/** A file or folder that does not exist, or a folder where a file was expected and the reverse. */
export class FileNotFoundError extends Error {
  readonly code = "file-not-found";
  readonly path: string;

  constructor(path: string, expected: "file" | "folder" | "file or folder") {
    super(`${expected} "${printable(path)}" is not found in the tenant's storage; check the path, or create it first`);
    this.name = "FileNotFoundError";
    this.path = path;
  }
}

/** A path that names a folder where a file is needed, or a file where a folder is needed. */
export class FileTypeError extends Error {
  readonly code = "wrong-file-type";
  readonly path: string;

  constructor(path: string, found: "file" | "folder", needed: "file" | "folder") {
    super(`"${printable(path)}" is a ${found}, not a ${needed}; name a ${needed}`);
    this.name = "FileTypeError";
    this.path = path;
  }
}

/** Content or a file larger than the node's limit. */
export class FileTooLargeError extends Error {
  readonly code = "file-too-large";
  readonly path: string;

  constructor(path: string, bytes: number, maxBytes: number, action: string) {
    super(`${action} "${printable(path)}" needs ${bytes} bytes, more than the limit of ${maxBytes}; raise maxBytes or use a smaller file`);
    this.name = "FileTooLargeError";
    this.path = path;
  }
}

/** A folder that still contains entries, deleted without `recursive`. */
export class FolderNotEmptyError extends Error {
  readonly code = "folder-not-empty";
  readonly path: string;

  constructor(path: string) {
    super(`folder "${printable(path)}" is not empty; delete its entries first, or set recursive`);
    this.name = "FolderNotEmptyError";
    this.path = path;
  }
}

/** Content that is not valid in the chosen encoding. */
export class FileContentError extends Error {
  readonly code = "invalid-file-content";

  constructor(problem: string) {
    super(problem);
    this.name = "FileContentError";
  }
}

// Shows control characters such as NUL as escapes, so a message never carries them raw.
function printable(path: string): string {
  return JSON.stringify(path).slice(1, -1);
}

/** A folder with more entries than a listing returns. */
export class FolderTooLargeError extends Error {
  readonly code = "folder-too-large";
  readonly path: string;

  constructor(path: string, maxEntries: number) {
    super(`folder "${printable(path)}" has more than ${maxEntries} entries, more than a listing returns; list a subfolder instead`);
    this.name = "FolderTooLargeError";
    this.path = path;
  }
}
