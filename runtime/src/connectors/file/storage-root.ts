import type { Stats } from "node:fs";
import { lstat, mkdir, realpath } from "node:fs/promises";
import { join, sep } from "node:path";

import { FileNotFoundError, FilePathError, FileTypeError } from "./file-errors.js";

/** An entry found inside the root. */
export interface LocatedEntry {
  /** Absolute path without links, inside the root. */
  readonly real: string;
  readonly stats: Stats;
}

/**
 * One tenant's storage folder, and the checks that keep every path inside it after links are
 * resolved. Paths arrive already split into names by `parseStoragePath`.
 *
 * NOTE: a check and the open that follows it are two steps. Callers open the final name with
 * O_NOFOLLOW, so a link put there in between is not followed. A folder swapped for a link in
 * between is not caught. Tenants cannot create links through the file node, so only another
 * process with access to the storage folder could do that.
 */
export class StorageRoot {
  private real?: Promise<string>;

  constructor(readonly directory: string) {}

  /** Returns the root's real path, creating the folder on first use. */
  async realRoot(): Promise<string> {
    this.real ??= mkdir(this.directory, { recursive: true, mode: 0o750 }).then(() => realpath(this.directory));
    return this.real;
  }

  /**
   * Finds an existing entry. With `followLast`, a link in the last name is resolved and must
   * lead inside the root; without it, the link itself is returned.
   *
   * @throws FileNotFoundError, or FilePathError for a link that leads out of the root or loops
   */
  async locate(path: string, names: readonly string[], followLast: boolean): Promise<LocatedEntry> {
    const parent = await this.realFolder(path, names.slice(0, -1));

    if (names.length === 0) return { real: parent, stats: await lstat(parent) };
    const candidate = join(parent, names[names.length - 1]);
    const stats = await lstat(candidate).catch((error: unknown) => rethrow(error, path));

    if (!stats.isSymbolicLink() || !followLast) return { real: candidate, stats };
    const real = await this.inside(path, candidate);

    return { real, stats: await lstat(real) };
  }

  /**
   * Returns the real path of a folder, creating it and its missing parents when `create` is set.
   *
   * @throws FileNotFoundError, FileTypeError when a name is a file, or FilePathError for a link out of the root
   */
  async realFolder(path: string, names: readonly string[], create = false): Promise<string> {
    let current = await this.realRoot();

    for (const name of names) {
      const candidate = join(current, name);
      const exists = await lstat(candidate).then(
        () => true,
        (error: unknown) => (isCode(error, "ENOENT") ? false : rethrow(error, path)),
      );

      if (!exists && !create) throw new FileNotFoundError(path, "folder");
      if (!exists) await mkdir(candidate, { mode: 0o750 }).catch((error: unknown) => (isCode(error, "EEXIST") ? undefined : rethrow(error, path)));
      current = await this.inside(path, candidate);
      if (!(await lstat(current)).isDirectory()) throw new FileTypeError(path, "file", "folder");
    }
    return current;
  }

  // Resolves every link in `candidate` and checks that the result is the root or inside it.
  private async inside(path: string, candidate: string): Promise<string> {
    const root = await this.realRoot();
    let real: string;

    try {
      real = await realpath(candidate);
    } catch (error) {
      // A link to nothing: whatever it names may be outside, so it is never followed.
      if (isCode(error, "ENOENT")) throw new FilePathError(path, "goes through a link to a missing target; remove the link or name another path");
      return rethrow(error, path);
    }
    if (real !== root && !real.startsWith(root + sep)) throw new FilePathError(path, "goes through a link that leads out of the tenant's storage; name a path inside it");
    return real;
  }
}

/** Turns a file system error into the storage error a flow author can act on, or rethrows it. */
export function rethrow(error: unknown, path: string): never {
  if (isCode(error, "ENOENT")) throw new FileNotFoundError(path, "file or folder");
  if (isCode(error, "ENOTDIR")) throw new FileNotFoundError(path, "file or folder");
  if (isCode(error, "ELOOP")) throw new FilePathError(path, "goes through a link that loops or that the operation may not follow; name the target instead");
  throw error;
}

/** True when `error` is a Node system error with this code. */
export function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | undefined)?.code === code;
}
