import type { SocketConnectorSettings, SocketReply, SocketRequest, SocketRequestContext, SocketService } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { formatHostPort } from "../../egress/egress-error.js";
import { MemoryConnectorDirectory, requireConnector, type ConnectorDirectory } from "../connector-directory.js";
import { parseConnectorSettings } from "../connector-kinds.js";
import type { EgressGuard } from "../../egress/egress-guard.js";
import { openConnection as openSystemConnection, type OpenConnection } from "../../egress/open-connection.js";
import { connectSocket } from "./connect-socket.js";
import { correlationId } from "./correlation.js";
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from "./framing.js";
import { LongConnection } from "./long-connection.js";
import { exchangeOnce } from "./short-exchange.js";
import { CorrelationError } from "./socket-errors.js";
import { decodeText, encodeText } from "./text-codec.js";

/** Options of a {@link GuardedSocketService}. */
export interface GuardedSocketServiceOptions {
  readonly guard: EgressGuard;
  /** The tenant's connectors, for requests that name one. Default none. */
  readonly connectors?: ConnectorDirectory;
  /** Opens connections to checked addresses. Default: TCP to the address; tests watch it. */
  readonly openConnection?: OpenConnection;
  /** Maximum message size in bytes, without framing. Default {@link MAX_FRAME_BYTES}. */
  readonly maxFrameBytes?: number;
  /** Connection attempts after the first when connecting fails. Default 2. */
  readonly reconnectAttempts?: number;
  /** Delay before the first reconnect in milliseconds, doubling after. Default 200. */
  readonly reconnectBackoffMs?: number;
  /** Logger for long connections, which outlive the node that opened them. Default silent. */
  readonly log?: Logger;
}

/** A request whose connector settings are known. */
type ResolvedSocketRequest = SocketRequest & { readonly connector: SocketConnectorSettings };

/**
 * The runtime's {@link SocketService} for one tenant. A short connector opens a connection per
 * request; a long connector keeps one connection per distinct settings and pairs replies with
 * requests by correlation id. Every connection passes the egress guard first.
 */
export class GuardedSocketService implements SocketService {
  private readonly options: Required<GuardedSocketServiceOptions>;
  private readonly connections = new Map<string, LongConnection>();

  constructor(options: GuardedSocketServiceOptions) {
    this.options = {
      openConnection: openSystemConnection,
      maxFrameBytes: MAX_FRAME_BYTES,
      reconnectAttempts: 2,
      reconnectBackoffMs: 200,
      log: silentLogger,
      connectors: new MemoryConnectorDirectory(),
      ...options,
    };
  }

  async exchange(nodeRequest: SocketRequest, context: SocketRequestContext): Promise<SocketReply> {
    const connector = await this.settingsOf(nodeRequest.connector);
    const request = { ...nodeRequest, connector };
    const payload = encodeText(request.message, connector.encoding);
    const frame = encodeFrame(payload, connector.framing, connector.encoding);
    const reply = connector.mode === "long" ? await this.exchangeLong(request, payload, frame, context) : await this.exchangeShort(request, frame, context);

    return { text: decodeText(reply, connector.encoding), bytes: reply.length };
  }

  /** Closes every long connection, for shutdown; requests in flight fail. */
  close(): void {
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }

  // A named connector's settings are read when the request is made, so a change by the tenant
  // admin applies to the next call.
  private async settingsOf(connector: SocketRequest["connector"]): Promise<SocketConnectorSettings> {
    if (!("name" in connector)) return connector;
    const found = await requireConnector(this.options.connectors, connector.name, "socket");

    return parseConnectorSettings("socket", found.settings) as unknown as SocketConnectorSettings;
  }

  private async exchangeShort(request: ResolvedSocketRequest, frame: Buffer, context: SocketRequestContext): Promise<Buffer> {
    const { connector } = request;
    const socket = await connectSocket(this.connectOptions(connector, context.signal, context.log));
    const decoder = new FrameDecoder(connector.framing, connector.encoding, this.options.maxFrameBytes);

    return exchangeOnce(socket, frame, decoder, formatHostPort(connector.host, connector.port), request.replyTimeoutMs, context.signal);
  }

  private async exchangeLong(request: ResolvedSocketRequest, payload: Buffer, frame: Buffer, context: SocketRequestContext): Promise<Buffer> {
    const { connector } = request;
    const id = correlationId(payload, connector.correlation!, connector.encoding);

    if (id === undefined) throw new CorrelationError(`the message carries no correlation id at ${describeField(connector)}; put a unique id there in the message`);
    return this.connectionFor(connector).request(id, frame, request.replyTimeoutMs, context.signal, context.log);
  }

  private connectionFor(connector: SocketConnectorSettings): LongConnection {
    const key = JSON.stringify([connector.host, connector.port, connector.framing, connector.encoding, connector.correlation, connector.connectTimeoutMs]);
    let connection = this.connections.get(key);

    if (connection === undefined) {
      const connect = (signal: AbortSignal, log: Logger) => connectSocket(this.connectOptions(connector, signal, log));

      connection = new LongConnection(connector, connect, this.options.maxFrameBytes, this.options.log);
      this.connections.set(key, connection);
    }
    return connection;
  }

  private connectOptions(connector: SocketConnectorSettings, signal: AbortSignal, log: Logger) {
    const { guard, openConnection, reconnectAttempts, reconnectBackoffMs } = this.options;

    return { guard, openConnection, host: connector.host, port: connector.port, connectTimeoutMs: connector.connectTimeoutMs, reconnectAttempts, reconnectBackoffMs, signal, log };
  }
}

function describeField(connector: SocketConnectorSettings): string {
  const field = connector.correlation!;

  if (field.type === "json") return `JSON field ${field.path}`;
  if (field.type === "slice") return `bytes ${field.start} to ${field.start + field.length}`;
  return `the first group of /${field.pattern}/`;
}
