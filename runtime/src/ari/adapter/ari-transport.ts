import type { Logger } from "@callflow/sdk";

import type { AriEvent } from "./ari-events.js";

/** The ARI client libraries the adapter can run on. */
export type AriClientKind = "thin" | "ari-client";

export const ARI_CLIENT_KINDS: readonly AriClientKind[] = ["thin", "ari-client"];

/** The client used when the configuration names none. */
export const DEFAULT_ARI_CLIENT: AriClientKind = "thin";

/** The ARI requests the adapter sends, named `resource.nickname` as in Asterisk's API declarations. */
export type AriOperationName =
  | "channels.answer"
  | "channels.hangup"
  | "channels.play"
  | "channels.record"
  | "channels.originateWithId"
  | "channels.continueInDialplan"
  | "channels.sendDTMF"
  | "channels.setChannelVar"
  | "channels.getChannelVar"
  | "channels.list"
  | "playbacks.stop"
  | "bridges.create"
  | "channels.startMoh"
  | "channels.stopMoh"
  | "bridges.addChannel"
  | "bridges.removeChannel"
  | "bridges.destroy";

/** Request parameters by name, as in Asterisk's API declarations; undefined ones are left out. */
export type AriParams = Record<string, string | number | boolean | Record<string, string> | undefined>;

/** Callbacks through which a transport reports events and connection changes. */
export interface AriTransportListener {
  onEvent(event: AriEvent): void;
  /** The events WebSocket is open, after the first connect or a reconnect. */
  onConnected(): void;
  /** The events WebSocket closed unasked; the transport is reconnecting. */
  onReconnecting(error?: Error): void;
}

/** One Asterisk server's address, ARI user and Stasis application. */
export interface AriEndpoint {
  url: string;
  username: string;
  password: string;
  app: string;
}

/** Builds the error of a failed first connect, naming the server, the user and the fix. */
export function connectError(server: AriEndpoint, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);

  return new Error(`connecting to ARI at ${server.url} as ${server.username} failed: ${reason}; check the URL, the ARI user and its password`, { cause });
}

/** Settings every transport takes. */
export interface AriTransportOptions {
  server: AriEndpoint;
  listener: AriTransportListener;
  logger: Logger;
  /** Delays between reconnection attempts, first and largest, in ms. */
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  /** How long one request may wait for its response before it fails as unavailable, in ms. */
  requestTimeoutMs: number;
}

/**
 * The REST requests and the events WebSocket of one Asterisk server, over one client library.
 * Requests reject with an `AriRequestError`, or with the library's own error, which
 * `toAriRequestError` classifies.
 */
export interface AriTransport {
  readonly kind: AriClientKind;
  /** Connects and opens the events WebSocket; resolves once events flow. */
  start(): Promise<void>;
  /** Closes the events WebSocket and stops reconnecting. */
  stop(): void;
  /** Sends one request and resolves with the parsed response body (undefined for 204). */
  request(operation: AriOperationName, params: AriParams): Promise<unknown>;
}
