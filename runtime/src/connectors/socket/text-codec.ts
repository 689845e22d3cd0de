import type { SocketEncoding } from "@callflow/nodes";
import iconv from "iconv-lite";

/** Encodes message text. Characters the encoding lacks become "?", as iconv-lite does for GBK and Big5. */
export function encodeText(text: string, encoding: SocketEncoding): Buffer {
  return encoding === "utf8" ? Buffer.from(text, "utf8") : iconv.encode(text, encoding);
}

/** Decodes message bytes. Invalid sequences become U+FFFD. */
export function decodeText(bytes: Buffer, encoding: SocketEncoding): string {
  return encoding === "utf8" ? bytes.toString("utf8") : iconv.decode(bytes, encoding);
}
