/** One MIME part: its headers (names in lower case) with the body decoded to bytes, or its subparts. */
export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
  parts: MimePart[];
}

/**
 * Parses a raw RFC 5322 message as far as the tests need: unfolded headers, multipart bodies
 * by boundary, and base64 or quoted-printable transfer encodings.
 */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf("\r\n\r\n");
  const headers = parseHeaders(raw.slice(0, split));
  const content = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];

  if (boundary === undefined) return { headers, body: decodeBody(content, headers["content-transfer-encoding"]), parts: [] };
  const sections = content.split(`--${boundary}`).slice(1, -1);

  return { headers, body: Buffer.alloc(0), parts: sections.map((section) => parseMime(section.replace(/^\r\n/, ""))) };
}

/** Lists the leaf parts of a message, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

/** Decodes RFC 2047 encoded words such as `=?UTF-8?B?5a6i5oi3?=` in a header value. */
export function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_word, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")).toString("utf8"),
  );
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};

  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");

    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(content: string, encoding = "7bit"): Buffer {
  const body = content.replace(/\r\n$/, "");

  if (encoding.toLowerCase() === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (encoding.toLowerCase() === "quoted-printable") return decodeQuotedPrintable(body.replace(/=\r\n/g, ""));
  return Buffer.from(body, "utf8");
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];

  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], "utf8"));
    }
  }
  return Buffer.from(bytes);
}
