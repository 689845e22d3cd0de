import type { Logger, ServiceKey } from "@callflow/sdk";

/** Encodings of file content: text in Unicode, Chinese national encodings or Latin-1, or bytes as base64. */
export const FILE_ENCODINGS = ["utf8", "gbk", "gb18030", "big5", "latin1", "base64"] as const;

export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** One entry of a folder listing. */
export interface FileEntry {
  readonly name: string;
  readonly type: "file" | "folder";
  /** Size in bytes; 0 for a folder. */
  readonly size: number;
  /** Time of the last change, as an ISO 8601 UTC timestamp. */
  readonly modifiedAt: string;
}

/** Context of one file operation: the caller's hang-up signal and the node's logger. */
export interface FileRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Options of a read. */
export interface FileReadOptions {
  readonly encoding: FileEncoding;
  /** Files larger than this many bytes are not read. */
  readonly maxBytes: number;
}

/** Options of a write or an append. */
export interface FileWriteOptions {
  readonly encoding: FileEncoding;
  /** Content that encodes to more bytes than this, or an append that would grow the file beyond it, is rejected. */
  readonly maxBytes: number;
}

/**
 * Files and folders in the tenant's own storage root. Paths are relative POSIX paths such as
 * `exports/2026/calls.csv`. A path that leaves the root (`..`, an absolute path, a link that
 * points outside) is rejected with the code `invalid-file-path`. A missing file or folder is
 * rejected with `file-not-found`.
 */
export interface FileService {
  /** Reads a whole file as text in `encoding`, or as base64. */
  read(path: string, options: FileReadOptions, context: FileRequestContext): Promise<{ content: string; bytes: number }>;
  /** Creates or replaces a file, creating missing parent folders. */
  write(path: string, content: string, options: FileWriteOptions, context: FileRequestContext): Promise<{ bytes: number }>;
  /** Adds content to the end of a file, creating the file and missing parent folders. */
  append(path: string, content: string, options: FileWriteOptions, context: FileRequestContext): Promise<{ bytes: number }>;
  /** Deletes a file, or a folder: an empty one, or with everything in it when `recursive`. */
  delete(path: string, options: { readonly recursive: boolean }, context: FileRequestContext): Promise<void>;
  /** Lists a folder's entries sorted by name; `""` or `"."` lists the root. */
  list(path: string, context: FileRequestContext): Promise<FileEntry[]>;
  /** Creates a folder and its missing parents; an existing folder is not an error. */
  mkdir(path: string, context: FileRequestContext): Promise<void>;
}

/** Key of the {@link FileService} in `NodeContext.services`. */
export const FILE_SERVICE: ServiceKey<FileService> = { name: "file" };
