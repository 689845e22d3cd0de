import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

import { WebSocket, WebSocketServer } from "ws";

import type { EventConnection } from "../core/applications.js";
import type { AsteriskCore } from "../core/asterisk.js";
import { asteriskTimestamp } from "../core/json.js";
import { authenticate, AUTH_REALM } from "./auth.js";

/** An open events WebSocket and the applications it was opened for. */
export interface EventSocket extends EventConnection {
  readonly apps: string[];
  readonly socket: WebSocket;
}

/**
 * The events WebSocket, `GET /ari/events?app=NAME[,NAME2][&subscribeAll=true]`. Opening it
 * registers the applications; a second socket for an application takes it over.
 */
export class EventSocketServer {
  readonly sockets = new Set<EventSocket>();
  private readonly server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("ari") ? "ari" : false),
  });
  private nextId = 1;

  constructor(private readonly core: AsteriskCore) {}

  handleUpgrade(request: IncomingMessage, stream: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://localhost");

    if (url.pathname !== "/ari/events") {
      reject(stream, 404, "Not Found", { message: "Resource not found" });
      return;
    }
    if (!authenticate(request, url.searchParams, this.core.options.users)) {
      reject(stream, 401, "Unauthorized", { message: "Authentication required" }, `WWW-Authenticate: Basic realm="${AUTH_REALM}"`);
      return;
    }

    const apps = (url.searchParams.get("app") ?? "").split(",").filter(Boolean);

    if (apps.length === 0) {
      reject(stream, 400, "Bad Request", { message: "Missing param 'app'" });
      return;
    }

    const subscribeAll = ["yes", "true", "1", "on"].includes((url.searchParams.get("subscribeAll") ?? "").toLowerCase());

    this.server.handleUpgrade(request, stream, head, (socket) => this.open(socket, apps, subscribeAll));
  }

  private open(socket: WebSocket, apps: string[], subscribeAll: boolean): void {
    const connection: EventSocket = {
      id: this.nextId++,
      apps,
      socket,
      send: (text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      },
    };

    this.sockets.add(connection);
    socket.on("close", () => {
      this.sockets.delete(connection);
      this.core.applications.detach(connection);
    });
    socket.on("error", (error) => this.core.options.logger.warn({ err: error, connection: connection.id }, "ARI events WebSocket failed"));
    for (const { app, replaced } of this.core.applications.attach(apps, connection, subscribeAll)) this.sendReplaced(app, replaced);
  }

  /** Tells the socket that lost `app` that another one took it over; it then gets nothing more for `app`. */
  private sendReplaced(app: string, replaced: EventConnection): void {
    const event = {
      type: "ApplicationReplaced",
      timestamp: asteriskTimestamp(this.core.now()),
      application: app,
      asterisk_id: this.core.options.asteriskId,
    };

    this.core.sentEvents.push({ app, event, delivered: true });
    replaced.send(JSON.stringify(event));
  }

  close(): void {
    for (const connection of this.sockets) connection.socket.terminate();
    this.server.close();
  }
}

function reject(stream: Duplex, status: number, reason: string, body: unknown, extraHeader?: string): void {
  const text = JSON.stringify(body);
  const headers = [`HTTP/1.1 ${status} ${reason}`, "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(text)}`, "Connection: close"];

  if (extraHeader) headers.push(extraHeader);
  stream.end(`${headers.join("\r\n")}\r\n\r\n${text}`);
}
