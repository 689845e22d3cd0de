import type { Socket } from "node:net";

import type { SocketConnectorSettings } from "@callflow/nodes";
import { MemoryLogger } from "@callflow/sdk";
import iconv from "iconv-lite";

import { EgressBlockedError } from "../../src/egress/egress-error.js";
import { EgressGuard } from "../../src/egress/egress-guard.js";
import { GuardedSocketService } from "../../src/connectors/socket/guarded-socket-service.js";
import { FrameError, SocketClosedError, SocketTimeoutError } from "../../src/connectors/socket/socket-errors.js";
import { closedPort, onLines, startLocalTcpServer, type LocalTcpServer } from "./support/local-tcp-server.js";
import { watchedConnections } from "./support/watched-connections.js";

const servers: LocalTcpServer[] = [];
const services: GuardedSocketService[] = [];

afterEach(async () => {
  services.splice(0).forEach((service) => service.close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(onConnection: (socket: Socket, index: number) => void): Promise<LocalTcpServer> {
  const server = await startLocalTcpServer(onConnection);

  servers.push(server);
  return server;
}

function socketService(port: number, options: { allow?: string[]; reconnectAttempts?: number } = {}) {
  const connections = watchedConnections();
  const service = new GuardedSocketService({
    guard: new EgressGuard({ allow: options.allow ?? [`127.0.0.1:${port}`] }),
    openConnection: connections.open,
    reconnectAttempts: options.reconnectAttempts ?? 0,
    reconnectBackoffMs: 10,
  });

  services.push(service);
  return { service, connections };
}

function connector(port: number, overrides: Partial<SocketConnectorSettings> = {}): SocketConnectorSettings {
  return { host: "127.0.0.1", port, mode: "short", framing: { type: "delimiter", delimiter: "\n" }, encoding: "utf8", connectTimeoutMs: 1000, ...overrides };
}

function context(signal = new AbortController().signal) {
  return { signal, log: new MemoryLogger() };
}

describe("short connection framings", () => {
  test("delimiter", async () => {
    const server = await serve((socket) => onLines(socket, (line) => socket.write(`ECHO ${line}\n`)));
    const { service } = socketService(server.port);

    const reply = await service.exchange({ connector: connector(server.port), message: "BAL|0912", replyTimeoutMs: 1000 }, context());

    expect(reply).toEqual({ text: "ECHO BAL|0912", bytes: 13 });
    expect(Buffer.concat(server.received[0]).toString()).toBe("BAL|0912\n");
  });

  test("2-byte big-endian length without header", async () => {
    const server = await serve((socket) =>
      socket.once("data", (chunk: Buffer) => {
        const body = chunk.subarray(2, 2 + chunk.readUInt16BE(0)).toString().toUpperCase();
        const header = Buffer.alloc(2);

        header.writeUInt16BE(body.length);
        socket.write(Buffer.concat([header, Buffer.from(body)]));
      }),
    );
    const { service } = socketService(server.port);
    const framing = { type: "length", headerBytes: 2, byteOrder: "big", includesHeader: false } as const;

    const reply = await service.exchange({ connector: connector(server.port, { framing }), message: "hello", replyTimeoutMs: 1000 }, context());

    expect(reply.text).toBe("HELLO");
    expect(Buffer.concat(server.received[0]).toString("hex")).toBe("000568656c6c6f");
  });

  test("4-byte little-endian length with header, reply in pieces", async () => {
    const server = await serve((socket) =>
      socket.once("data", () => {
        const reply = Buffer.from("0b000000" + Buffer.from("pong!!!").toString("hex"), "hex");

        socket.write(reply.subarray(0, 3));
        setTimeout(() => socket.write(reply.subarray(3, 6)), 20);
        setTimeout(() => socket.write(reply.subarray(6)), 40);
      }),
    );
    const { service } = socketService(server.port);
    const framing = { type: "length", headerBytes: 4, byteOrder: "little", includesHeader: true } as const;

    const reply = await service.exchange({ connector: connector(server.port, { framing }), message: "ping", replyTimeoutMs: 1000 }, context());

    expect(reply.text).toBe("pong!!!");
    expect(Buffer.concat(server.received[0]).toString("hex")).toBe("0800000070696e67");
  });

  test("fixed length", async () => {
    const server = await serve((socket) => socket.once("data", () => socket.write("0000OK    ")));
    const { service } = socketService(server.port);

    const reply = await service.exchange({ connector: connector(server.port, { framing: { type: "fixed", length: 10 } }), message: "QRY", replyTimeoutMs: 1000 }, context());

    expect(reply.text).toBe("0000OK    ");
    expect(Buffer.concat(server.received[0]).toString()).toBe("QRY       ");
  });

  test("GBK text both ways", async () => {
    const server = await serve((socket) =>
      onLines(socket, (line) => socket.write(Buffer.concat([iconv.encode(`收到：${iconv.decode(line, "gbk")}`, "gbk"), Buffer.from("\n")]))),
    );
    const { service } = socketService(server.port);

    const reply = await service.exchange({ connector: connector(server.port, { encoding: "gbk" }), message: "查询余额", replyTimeoutMs: 1000 }, context());

    expect(reply.text).toBe("收到：查询余额");
    expect(Buffer.concat(server.received[0]).toString("hex")).toBe("b2e9d1afd3e0b6ee0a");
  });

  test("Big5 text", async () => {
    const server = await serve((socket) => onLines(socket, (line) => socket.write(Buffer.concat([line, Buffer.from("\n")]))));
    const { service } = socketService(server.port);

    const reply = await service.exchange({ connector: connector(server.port, { encoding: "big5" }), message: "查詢餘額", replyTimeoutMs: 1000 }, context());

    expect(reply.text).toBe("查詢餘額");
    expect(reply.bytes).toBe(8);
  });
});

describe("short connection failures", () => {
  test("no reply times out", async () => {
    const server = await serve(() => undefined);
    const { service } = socketService(server.port);

    const attempt = service.exchange({ connector: connector(server.port), message: "Q", replyTimeoutMs: 150 }, context());

    await expect(attempt).rejects.toThrow(SocketTimeoutError);
    await expect(attempt).rejects.toThrow(`waiting for the reply from 127.0.0.1:${server.port} timed out after 150 ms`);
  });

  test("close before a full frame fails", async () => {
    const server = await serve((socket) => socket.once("data", () => socket.end("partial")));
    const { service } = socketService(server.port);

    await expect(service.exchange({ connector: connector(server.port), message: "Q", replyTimeoutMs: 1000 }, context())).rejects.toThrow(SocketClosedError);
  });

  test("refused connection is retried, then fails", async () => {
    const port = await closedPort();
    const { service, connections } = socketService(port, { reconnectAttempts: 2 });
    const log = context();

    await expect(service.exchange({ connector: connector(port), message: "Q", replyTimeoutMs: 1000 }, log)).rejects.toThrow(/ECONNREFUSED/);
    expect(connections.opened).toHaveLength(3);
    expect(log.log.records.filter((r) => r.message === "reconnecting socket")).toHaveLength(2);
  });

  test("destination without allow-list entry is blocked", async () => {
    const server = await serve(() => undefined);
    const { service, connections } = socketService(server.port, { allow: [] });

    const attempt = service.exchange({ connector: connector(server.port), message: "Q", replyTimeoutMs: 1000 }, context());

    await expect(attempt).rejects.toThrow(EgressBlockedError);
    expect(connections.opened).toEqual([]);
    expect(server.connections).toBe(0);
  });

  test("message with the delimiter is rejected before connecting", async () => {
    const server = await serve(() => undefined);
    const { service } = socketService(server.port);

    await expect(service.exchange({ connector: connector(server.port), message: "a\nb", replyTimeoutMs: 1000 }, context())).rejects.toThrow(FrameError);
    expect(server.connections).toBe(0);
  });

  test("caller hang-up stops the wait", async () => {
    const server = await serve(() => undefined);
    const { service } = socketService(server.port);
    const controller = new AbortController();
    const attempt = service.exchange({ connector: connector(server.port), message: "Q", replyTimeoutMs: 5000 }, context(controller.signal));

    setTimeout(() => controller.abort(new Error("caller hung up")), 50);

    await expect(attempt).rejects.toThrow("caller hung up");
  });
});
