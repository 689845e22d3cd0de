import type { FileEncoding } from "@callflow/nodes";
import iconv from "iconv-lite";

import { FileContentError } from "./file-errors.js";

/**
 * Encodes node content into file bytes. Base64 content is decoded strictly, so a typo is an
 * error instead of silently dropped bytes. Text characters that GBK or Big5 lack become "?",
 * as iconv-lite encodes them.
 *
 * @throws FileContentError for content that is not base64 when the encoding is base64
 */
export function encodeContent(content: string, encoding: FileEncoding): Buffer {
  if (encoding === "utf8") return Buffer.from(content, "utf8");
  if (encoding !== "base64") return iconv.encode(content, encoding);
  const compact = content.replace(/\s+/g, "");

  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new FileContentError(`content is not valid base64 (length ${compact.length}); render it with $base64encode() or choose a text encoding`);
  }
  return Buffer.from(compact, "base64");
}

/** Decodes file bytes into node content: text (invalid sequences become U+FFFD) or base64. */
export function decodeContent(bytes: Buffer, encoding: FileEncoding): string {
  if (encoding === "base64") return bytes.toString("base64");
  if (encoding === "utf8") return bytes.toString("utf8");
  return iconv.decode(bytes, encoding);
}
