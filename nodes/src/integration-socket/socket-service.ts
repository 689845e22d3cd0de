import type { Logger, ServiceKey } from "@callflow/sdk";

/** Text encodings of socket messages: Unicode, Chinese national encodings, and Latin-1. */
export const SOCKET_ENCODINGS = ["utf8", "gbk", "gb18030", "big5", "latin1"] as const;

export type SocketEncoding = (typeof SOCKET_ENCODINGS)[number];

/** Message framing on the byte stream, the same in both directions. */
export type Framing =
  /** Each message ends with `delimiter`, text encoded like the message, such as "\n" or "\u0003". */
  | { readonly type: "delimiter"; readonly delimiter: string }
  /**
   * Each message starts with its length as an unsigned binary integer of `headerBytes` bytes, a
   * length that counts the header itself when `includesHeader` is true.
   */
  | { readonly type: "length"; readonly headerBytes: 2 | 4; readonly byteOrder: "big" | "little"; readonly includesHeader: boolean }
  /** Each message has exactly `length` bytes; shorter requests are padded with `padding` (default a space). */
  | { readonly type: "fixed"; readonly length: number; readonly padding?: string };

/** Location of the id that pairs a reply with its request on a long connection. */
export type CorrelationField =
  /** A field of a JSON message, by a dot-separated path such as `header.seq`. */
  | { readonly type: "json"; readonly path: string }
  /** Bytes `start` to `start + length` of the message, after any length header. */
  | { readonly type: "slice"; readonly start: number; readonly length: number }
  /** The first capture group of a regular expression over the message text. */
  | { readonly type: "pattern"; readonly pattern: string };

/** A TCP endpoint and how to talk to it. Requests with equal settings share one long connection. */
export interface SocketConnectorSettings {
  readonly host: string;
  readonly port: number;
  /** `short`: a connection per request. `long`: one kept-alive connection, replies paired by `correlation`. */
  readonly mode: "short" | "long";
  readonly framing: Framing;
  readonly encoding: SocketEncoding;
  /** Limit of one connection attempt in milliseconds. */
  readonly connectTimeoutMs: number;
  /** Required for `long`: where requests and replies carry their id. */
  readonly correlation?: CorrelationField;
}

/** One request as the node built it. */
export interface SocketRequest {
  /**
   * Inline settings, or the name of the tenant's `socket` connector, which the runtime looks up
   * so that its settings never enter the flow document or the trace.
   */
  readonly connector: SocketConnectorSettings | { readonly name: string };
  /** Message text, without framing. */
  readonly message: string;
  /** Limit from sending the message to its complete reply, in milliseconds. */
  readonly replyTimeoutMs: number;
}

/** The reply, without framing. */
export interface SocketReply {
  readonly text: string;
  /** Size of the reply in bytes, without framing. */
  readonly bytes: number;
}

/** Context of one request: the caller's hang-up signal and the node's logger. */
export interface SocketRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** TCP request and reply through the platform's egress guard. */
export interface SocketService {
  /** Sends one message and resolves with its reply; rejects on timeout, closed connection or a blocked destination. */
  exchange(request: SocketRequest, context: SocketRequestContext): Promise<SocketReply>;
}

/** Key of the {@link SocketService} in `NodeContext.services`. */
export const SOCKET_SERVICE: ServiceKey<SocketService> = { name: "socket" };
