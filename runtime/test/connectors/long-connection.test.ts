import type { Socket } from "node:net";

import type { SocketConnectorSettings } from "@callflow/nodes";
import { MemoryLogger } from "@callflow/sdk";

import { EgressGuard } from "../../src/egress/egress-guard.js";
import { GuardedSocketService } from "../../src/connectors/socket/guarded-socket-service.js";
import { CorrelationError, SocketClosedError, SocketTimeoutError } from "../../src/connectors/socket/socket-errors.js";
import { onLines, startLocalTcpServer, type LocalTcpServer } from "./support/local-tcp-server.js";
import { watchedConnections } from "./support/watched-connections.js";

let server: LocalTcpServer;
let service: GuardedSocketService;
let log: MemoryLogger;
// Replies the server leaves unsent, by seq; the tests use them to reply late or never.
const withheld = new Set<string>();

beforeEach(async () => {
  withheld.clear();
  server = await startLocalTcpServer((socket: Socket) =>
    onLines(socket, (line) => {
      const { seq, n } = JSON.parse(line.toString());

      if (n === "drop") {
        socket.destroy();
        return;
      }
      if (withheld.has(seq)) return;
      if (n === "late") {
        setTimeout(() => socket.write(`${JSON.stringify({ seq, result: "late" })}\n`), 150);
        return;
      }
      // Random delays send replies in another order than the requests came.
      setTimeout(() => socket.write(`${JSON.stringify({ seq, result: n * 2 })}\n`), Math.floor(Math.random() * 30));
    }),
  );
  log = new MemoryLogger();
  service = new GuardedSocketService({
    guard: new EgressGuard({ allow: [`127.0.0.1:${server.port}`] }),
    openConnection: watchedConnections().open,
    reconnectBackoffMs: 10,
    log,
  });
});

afterEach(async () => {
  service.close();
  await server.close();
});

function connector(overrides: Partial<SocketConnectorSettings> = {}): SocketConnectorSettings {
  return {
    host: "127.0.0.1",
    port: server.port,
    mode: "long",
    framing: { type: "delimiter", delimiter: "\n" },
    encoding: "utf8",
    connectTimeoutMs: 1000,
    correlation: { type: "json", path: "seq" },
    ...overrides,
  };
}

function send(seq: string, n: unknown, replyTimeoutMs = 2000) {
  return service.exchange({ connector: connector(), message: JSON.stringify({ seq, n }), replyTimeoutMs }, { signal: new AbortController().signal, log });
}

describe("long connection correlation", () => {
  test("100 concurrent requests share one connection", async () => {
    const started = Date.now();

    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => send(`call-${i}`, i)));

    expect(replies.map((reply) => JSON.parse(reply.text))).toEqual(Array.from({ length: 100 }, (_, i) => ({ seq: `call-${i}`, result: i * 2 })));
    expect(server.connections).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("later requests reuse the connection", async () => {
    await send("a", 1);
    await send("b", 2);

    expect(server.connections).toBe(1);
  });

  test("pattern field pairs replies", async () => {
    const reply = await service.exchange(
      { connector: connector({ correlation: { type: "pattern", pattern: '"seq":"([^"]+)"' } }), message: '{"seq":"p-1","n":4}', replyTimeoutMs: 2000 },
      { signal: new AbortController().signal, log },
    );

    expect(JSON.parse(reply.text)).toEqual({ seq: "p-1", result: 8 });
  });

  test("duplicate id in flight is rejected", async () => {
    withheld.add("dup");
    const first = send("dup", 1, 300);

    await expect(send("dup", 2)).rejects.toThrow(CorrelationError);
    await expect(first).rejects.toThrow(SocketTimeoutError);
  });

  test("message without the id is rejected", async () => {
    const attempt = service.exchange({ connector: connector(), message: '{"n":1}', replyTimeoutMs: 1000 }, { signal: new AbortController().signal, log });

    await expect(attempt).rejects.toThrow("the message carries no correlation id at JSON field seq");
  });

  test("unanswered request times out alone", async () => {
    withheld.add("slow");

    const [slow, fast] = await Promise.allSettled([send("slow", 1, 200), send("fast", 2)]);

    expect(slow.status).toBe("rejected");
    expect(fast).toMatchObject({ status: "fulfilled", value: { text: '{"seq":"fast","result":4}' } });
  });

  test("late reply is logged and dropped", async () => {
    await expect(send("late-1", "late", 50)).rejects.toThrow(SocketTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const reply = await send("after", 5);

    expect(JSON.parse(reply.text).result).toBe(10);
    expect(log.records.filter((r) => r.message === "reply matches no waiting request")).toHaveLength(1);
  });
});

describe("long connection reconnect", () => {
  test("drop fails requests in flight", async () => {
    withheld.add("waiting");
    const waiting = send("waiting", 1);

    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(send("dropper", "drop")).rejects.toThrow(SocketClosedError);
    await expect(waiting).rejects.toThrow(SocketClosedError);
  });

  test("next request reconnects after a drop", async () => {
    await send("a", 1);
    await send("dropper", "drop").catch(() => undefined);

    const reply = await send("b", 3);

    expect(JSON.parse(reply.text).result).toBe(6);
    expect(server.connections).toBe(2);
  });

  test("concurrent requests share one reconnect", async () => {
    await send("a", 1);
    await send("dropper", "drop").catch(() => undefined);

    await Promise.all(Array.from({ length: 20 }, (_, i) => send(`r-${i}`, i)));

    expect(server.connections).toBe(2);
  });
});
