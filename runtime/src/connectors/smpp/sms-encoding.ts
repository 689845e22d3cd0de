import { encodings } from "./smpp-package.js";

/** data_coding of the SMS: 0 for the center's default alphabet (GSM 03.38), 8 for UCS-2. */
export type DataCoding = 0x00 | 0x08;

/** One submit_sm's message, ready to send. */
export interface SmsPart {
  readonly dataCoding: DataCoding;
  /** User data: the concatenation header, if any, followed by the encoded text. */
  readonly shortMessage: Buffer;
  /** True when `shortMessage` starts with a user data header (esm_class bit 0x40). */
  readonly hasHeader: boolean;
}

// Octets of text per SMS without and with the 6-byte concatenation header. In the GSM alphabet
// one octet is one septet, which the center packs: 160 and 153 of them. UCS-2 fills 140 octets
// (70 characters) and 134 octets (67 characters) after the header.
const LIMITS = { 0x00: { single: 160, segment: 153 }, 0x08: { single: 140, segment: 134 } } as const;

/** Maximum number of segments in one concatenated message, because the header counts them in one octet. */
export const MAX_SEGMENTS = 255;

/** Text that one SMS cannot carry in any number of segments. */
export class SmsTooLongError extends Error {
  readonly code = "sms-too-long";

  constructor(characters: number, segments: number) {
    super(`SMS text of ${characters} characters needs ${segments} segments, more than ${MAX_SEGMENTS}; shorten the text`);
    this.name = "SmsTooLongError";
  }
}

/**
 * Chooses the coding for `text`: the GSM 03.38 default alphabet when every character is in it
 * (by the smpp package's own table), otherwise UCS-2, which carries Chinese and the rest of the
 * Basic Multilingual Plane.
 */
export function dataCodingFor(text: string): DataCoding {
  return encodings.ASCII.match(text) ? 0x00 : 0x08;
}

/** Encodes text: GSM 03.38 septets one per octet (extension characters as ESC pairs), or UCS-2 big-endian. */
export function encodeSmsText(text: string, dataCoding: DataCoding): Buffer {
  return dataCoding === 0x00 ? encodings.ASCII.encode(text) : Buffer.from(text, "utf16le").swap16();
}

/**
 * Splits text into SMS parts. Text that fits one SMS is one part without a header. Longer text
 * gets a concatenation header (information element 0x00 with an 8-bit `reference`) in each part.
 * A GSM escape pair or a UTF-16 surrogate pair is never split across parts.
 *
 * @throws SmsTooLongError beyond 255 segments
 */
export function splitSms(text: string, reference: number): SmsPart[] {
  const dataCoding = dataCodingFor(text);
  const limit = LIMITS[dataCoding];
  const bytes = encodeSmsText(text, dataCoding);

  if (bytes.length <= limit.single) return [{ dataCoding, shortMessage: bytes, hasHeader: false }];
  const chunks: Buffer[] = [];

  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(start + limit.segment, bytes.length);

    if (end < bytes.length && splitsPair(bytes, end, dataCoding)) end -= dataCoding === 0x00 ? 1 : 2;
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  if (chunks.length > MAX_SEGMENTS) throw new SmsTooLongError(text.length, chunks.length);
  return chunks.map((chunk, index) => {
    const header = Buffer.from([0x05, 0x00, 0x03, reference & 0xff, chunks.length, index + 1]);

    return { dataCoding, shortMessage: Buffer.concat([header, chunk]), hasHeader: true };
  });
}

// True when a cut before `end` separates an ESC from its character, or a high surrogate from its low one.
function splitsPair(bytes: Buffer, end: number, dataCoding: DataCoding): boolean {
  if (dataCoding === 0x00) return bytes[end - 1] === 0x1b;
  const unit = bytes.readUInt16BE(end - 2);

  return unit >= 0xd800 && unit <= 0xdbff;
}
