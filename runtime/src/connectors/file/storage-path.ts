import { FilePathError } from "./file-errors.js";

/** Maximum length of a path, in characters. */
const MAX_PATH_LENGTH = 1024;

/** Maximum length of one name, in bytes: the limit of ext4 and most other Linux file systems. */
const MAX_NAME_BYTES = 255;

/**
 * Checks a path lexically and splits it into names. The path is a relative POSIX path; `.` and
 * empty segments are dropped, so `""` and `"."` name the root and return no names.
 *
 * @throws FilePathError for NUL and other control characters, backslashes, drive letters,
 *   absolute paths, `..` segments and over-long names
 * @example parseStoragePath("exports/./2026/calls.csv"); // ["exports", "2026", "calls.csv"]
 */
export function parseStoragePath(path: string): string[] {
  if (path.length > MAX_PATH_LENGTH) throw new FilePathError(path.slice(0, 40) + "…", `is longer than ${MAX_PATH_LENGTH} characters; use a shorter path`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw new FilePathError(path, "contains a control character such as NUL; remove it");
  if (path.includes("\\")) throw new FilePathError(path, 'contains a backslash; separate folders with "/", such as exports/calls.csv');
  if (/^[A-Za-z]:/.test(path)) throw new FilePathError(path, "starts with a drive letter; write a path relative to the tenant's storage, such as exports/calls.csv");
  if (path.startsWith("/")) throw new FilePathError(path, "is absolute; write a path relative to the tenant's storage, such as exports/calls.csv");
  const names = path.split("/").filter((name) => name !== "" && name !== ".");

  if (names.includes("..")) throw new FilePathError(path, 'contains ".."; write a path that stays inside the tenant\'s storage');
  const long = names.find((name) => Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES);

  if (long !== undefined) throw new FilePathError(path, `has a name longer than ${MAX_NAME_BYTES} bytes; shorten "${long.slice(0, 20)}…"`);
  return names;
}
