import { constants } from "node:fs";
import { lstat, open, readdir, rm, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";

import type { FileEntry, FileReadOptions, FileRequestContext, FileService, FileWriteOptions } from "@callflow/nodes";

import { decodeContent, encodeContent } from "./file-codec.js";
import { FilePathError, FileTooLargeError, FileTypeError, FolderNotEmptyError, FolderTooLargeError } from "./file-errors.js";
import { parseStoragePath } from "./storage-path.js";
import { isCode, rethrow, StorageRoot } from "./storage-root.js";

const { O_APPEND, O_CREAT, O_NOFOLLOW, O_RDONLY, O_TRUNC, O_WRONLY } = constants;

/** Most entries a listing returns; a larger folder is an error rather than a huge variable. */
export const MAX_LIST_ENTRIES = 10_000;

/** A tenant id as it names the tenant's folder: a UUID or another plain identifier. */
const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The file service of one tenant: files and folders under `<storage folder>/<tenant id>/`.
 * Every path is checked lexically, then again after links are resolved, so neither `..` nor a
 * link inside the root reaches another tenant's folder or anything else.
 *
 * @example
 * const storage = TenantStorage.forTenant("/var/lib/callflow/storage", tenantId);
 * await storage.write("exports/calls.csv", "id,duration\n", { encoding: "utf8", maxBytes: 1 << 20 }, context);
 */
export class TenantStorage implements FileService {
  private readonly root: StorageRoot;

  constructor(rootDirectory: string) {
    this.root = new StorageRoot(rootDirectory);
  }

  /**
   * Returns the storage of one tenant inside the platform's storage folder.
   *
   * @throws RangeError when the tenant id could not name a single folder
   */
  static forTenant(storageDirectory: string, tenantId: string): TenantStorage {
    if (!TENANT_ID_PATTERN.test(tenantId)) throw new RangeError(`tenant id "${tenantId}" cannot name a storage folder; use the tenant's UUID`);
    return new TenantStorage(join(storageDirectory, tenantId));
  }

  /**
   * Reads a whole file as bytes, for the file node and for mail attachments.
   *
   * @throws FilePathError, FileNotFoundError, FileTypeError, FileTooLargeError
   */
  async readBytes(path: string, maxBytes: number): Promise<Buffer> {
    const names = parseStoragePath(path);

    if (names.length === 0) throw new FileTypeError(path, "folder", "file");
    const entry = await this.root.locate(path, names, true);

    if (entry.stats.isDirectory()) throw new FileTypeError(path, "folder", "file");
    const handle = await open(entry.real, O_RDONLY | O_NOFOLLOW).catch((error: unknown) => rethrow(error, path));

    try {
      const stats = await handle.stat();

      if (!stats.isFile()) throw new FileTypeError(path, "folder", "file");
      if (stats.size > maxBytes) throw new FileTooLargeError(path, stats.size, maxBytes, "reading");
      // Read one byte past the limit, so a file that grew after the size check is still caught.
      const buffer = Buffer.alloc(stats.size + 1);
      let length = 0;

      for (let read = -1; read !== 0 && length < buffer.length; length += read) {
        ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, length));
      }
      if (length > maxBytes) throw new FileTooLargeError(path, length, maxBytes, "reading");
      return buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  }

  async read(path: string, options: FileReadOptions, context: FileRequestContext): Promise<{ content: string; bytes: number }> {
    context.signal.throwIfAborted();
    const bytes = await this.readBytes(path, options.maxBytes);

    return { content: decodeContent(bytes, options.encoding), bytes: bytes.length };
  }

  async write(path: string, content: string, options: FileWriteOptions, context: FileRequestContext): Promise<{ bytes: number }> {
    return this.store(path, content, options, false, context);
  }

  async append(path: string, content: string, options: FileWriteOptions, context: FileRequestContext): Promise<{ bytes: number }> {
    return this.store(path, content, options, true, context);
  }

  async delete(path: string, options: { readonly recursive: boolean }, context: FileRequestContext): Promise<void> {
    context.signal.throwIfAborted();
    const names = parseStoragePath(path);

    if (names.length === 0) throw new FilePathError(path, "is the storage root itself; name a file or folder inside it");
    // The last name is not followed: deleting a link removes the link, never its target.
    const entry = await this.root.locate(path, names, false);

    if (!entry.stats.isDirectory()) return unlink(entry.real).catch((error: unknown) => rethrow(error, path));
    if (options.recursive) return rm(entry.real, { recursive: true });
    await rmdir(entry.real).catch((error: unknown) => {
      if (isCode(error, "ENOTEMPTY") || isCode(error, "EEXIST")) throw new FolderNotEmptyError(path);
      rethrow(error, path);
    });
  }

  async list(path: string, context: FileRequestContext): Promise<FileEntry[]> {
    context.signal.throwIfAborted();
    const names = parseStoragePath(path);
    const folder = await this.root.realFolder(path, names);
    const dirents = await readdir(folder);

    if (dirents.length > MAX_LIST_ENTRIES) throw new FolderTooLargeError(path, MAX_LIST_ENTRIES);
    const entries: FileEntry[] = [];

    for (const name of dirents.sort()) {
      const entry = await this.root.locate(path, [...names, name], true).catch((error: unknown) => {
        // A link out of the storage, or one that loops, is left out of the listing.
        if (error instanceof FilePathError) return undefined;
        throw error;
      });

      if (entry === undefined) continue;
      const folderEntry = entry.stats.isDirectory();

      entries.push({ name, type: folderEntry ? "folder" : "file", size: folderEntry ? 0 : entry.stats.size, modifiedAt: entry.stats.mtime.toISOString() });
    }
    return entries;
  }

  async mkdir(path: string, context: FileRequestContext): Promise<void> {
    context.signal.throwIfAborted();
    await this.root.realFolder(path, parseStoragePath(path), true);
  }

  private async store(path: string, content: string, options: FileWriteOptions, append: boolean, context: FileRequestContext): Promise<{ bytes: number }> {
    context.signal.throwIfAborted();
    const names = parseStoragePath(path);

    if (names.length === 0) throw new FileTypeError(path, "folder", "file");
    const bytes = encodeContent(content, options.encoding);

    if (bytes.length > options.maxBytes) throw new FileTooLargeError(path, bytes.length, options.maxBytes, "writing");
    const parent = await this.root.realFolder(path, names.slice(0, -1), true);
    const target = join(parent, names[names.length - 1]);
    const existing = await lstat(target).catch((error: unknown) => (isCode(error, "ENOENT") ? undefined : rethrow(error, path)));
    // A link inside the root is resolved and checked once here; O_NOFOLLOW then rejects any link at the final name.
    const real = existing?.isSymbolicLink() ? (await this.root.locate(path, names, true)).real : target;
    const flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (append ? O_APPEND : O_TRUNC);
    const handle = await open(real, flags, 0o640).catch((error: unknown) => {
      if (isCode(error, "EISDIR")) throw new FileTypeError(path, "folder", "file");
      return rethrow(error, path);
    });

    try {
      const size = (await handle.stat()).size;

      if (append && size + bytes.length > options.maxBytes) throw new FileTooLargeError(path, size + bytes.length, options.maxBytes, "appending to");
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    return { bytes: bytes.length };
  }
}
