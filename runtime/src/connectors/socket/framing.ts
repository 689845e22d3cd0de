import type { Framing, SocketEncoding } from "@callflow/nodes";

import { FrameError } from "./socket-errors.js";
import { encodeText } from "./text-codec.js";

/** Default maximum size of one message in bytes, without framing. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Frames one message for sending.
 *
 * @throws FrameError when the message contains the delimiter, is longer than a fixed length,
 *   or does not fit the length header
 */
export function encodeFrame(payload: Buffer, framing: Framing, encoding: SocketEncoding): Buffer {
  if (framing.type === "delimiter") {
    const delimiter = encodeText(framing.delimiter, encoding);

    if (payload.includes(delimiter)) throw new FrameError("the message contains the frame delimiter, so the receiver would split it; remove it from the message");
    return Buffer.concat([payload, delimiter]);
  }
  if (framing.type === "fixed") return padded(payload, framing.length, encodeText(framing.padding ?? " ", encoding));
  const length = payload.length + (framing.includesHeader ? framing.headerBytes : 0);
  const header = Buffer.alloc(framing.headerBytes);

  if (length > 2 ** (8 * framing.headerBytes) - 1) throw new FrameError(`the message has ${payload.length} bytes, more than a ${framing.headerBytes}-byte length header can count`);
  writeLength(header, length, framing);
  return Buffer.concat([header, payload]);
}

/**
 * Splits a byte stream into messages by the framing: bytes go in as they arrive, and each
 * complete message comes out without framing.
 */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly framing: Framing;
  private readonly delimiter: Buffer | undefined;
  private readonly maxFrameBytes: number;

  constructor(framing: Framing, encoding: SocketEncoding, maxFrameBytes = MAX_FRAME_BYTES) {
    this.framing = framing;
    this.delimiter = framing.type === "delimiter" ? encodeText(framing.delimiter, encoding) : undefined;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received that are not yet a complete message. */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Adds received bytes and returns the messages they complete.
   *
   * @throws FrameError when a message exceeds the maximum size or a length header is invalid
   */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];

    for (let frame = this.next(); frame !== undefined; frame = this.next()) frames.push(frame);
    if (this.delimiter !== undefined && this.buffer.length > this.maxFrameBytes + this.delimiter.length) {
      throw new FrameError(`a message exceeds ${this.maxFrameBytes} bytes without a delimiter; check the framing settings`);
    }
    return frames;
  }

  private next(): Buffer | undefined {
    const framing = this.framing;

    if (framing.type === "delimiter") {
      const end = this.buffer.indexOf(this.delimiter!);

      return end === -1 ? undefined : this.take(end, this.delimiter!.length);
    }
    if (framing.type === "fixed") return this.buffer.length < framing.length ? undefined : this.take(framing.length, 0);
    if (this.buffer.length < framing.headerBytes) return undefined;
    const size = readLength(this.buffer, framing) - (framing.includesHeader ? framing.headerBytes : 0);

    if (size < 0) throw new FrameError(`a length header counts ${size + framing.headerBytes} bytes, fewer than the header itself; check includesHeader`);
    if (size > this.maxFrameBytes) throw new FrameError(`a length header announces ${size} bytes, more than the maximum of ${this.maxFrameBytes}; check the framing settings`);
    if (this.buffer.length < framing.headerBytes + size) return undefined;
    this.buffer = this.buffer.subarray(framing.headerBytes);
    return this.take(size, 0);
  }

  // Returns the first `size` bytes and drops `skip` framing bytes after them.
  private take(size: number, skip: number): Buffer {
    const frame = this.buffer.subarray(0, size);

    this.buffer = this.buffer.subarray(size + skip);
    return frame;
  }
}

function padded(payload: Buffer, length: number, padding: Buffer): Buffer {
  if (payload.length > length) throw new FrameError(`the message has ${payload.length} bytes, more than the fixed frame length of ${length}`);
  const frame = Buffer.alloc(length, padding);

  payload.copy(frame);
  return frame;
}

function readLength(buffer: Buffer, framing: Extract<Framing, { type: "length" }>): number {
  if (framing.headerBytes === 2) return framing.byteOrder === "big" ? buffer.readUInt16BE(0) : buffer.readUInt16LE(0);
  return framing.byteOrder === "big" ? buffer.readUInt32BE(0) : buffer.readUInt32LE(0);
}

function writeLength(header: Buffer, length: number, framing: Extract<Framing, { type: "length" }>): void {
  if (framing.headerBytes === 2) {
    if (framing.byteOrder === "big") header.writeUInt16BE(length);
    else header.writeUInt16LE(length);
    return;
  }
  if (framing.byteOrder === "big") header.writeUInt32BE(length);
  else header.writeUInt32LE(length);
}
