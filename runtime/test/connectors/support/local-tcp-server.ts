import { createServer, type Socket } from "node:net";

/** A node:net server on 127.0.0.1 that hands each connection to the test's handler. */
export interface LocalTcpServer {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Every byte received, per connection, in order. */
  received: Buffer[][];
  close(): Promise<void>;
}

/** Starts a {@link LocalTcpServer} on an ephemeral port of 127.0.0.1. */
export async function startLocalTcpServer(onConnection: (socket: Socket, index: number) => void): Promise<LocalTcpServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, received: [] as Buffer[][] };
  const server = createServer((socket) => {
    const index = state.connections++;
    const chunks: Buffer[] = [];

    state.received.push(chunks);
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket, index);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    get connections() {
      return state.connections;
    },
    received: state.received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Calls `onLine` for each "\n"-terminated line the socket receives, decoded with `decode`. */
export function onLines(socket: Socket, onLine: (line: Buffer) => void): void {
  let buffer = Buffer.alloc(0);

  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0x0a); end !== -1; end = buffer.indexOf(0x0a)) {
      onLine(buffer.subarray(0, end));
      buffer = buffer.subarray(end + 1);
    }
  });
}

/** Returns a port on 127.0.0.1 with nothing listening, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
