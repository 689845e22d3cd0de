import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { integrationSocketNode } from "./run.js";
import { SOCKET_SERVICE, type SocketRequest, type SocketService } from "./socket-service.js";
import { integrationSocketConfigSchema } from "./spec.js";

/** Builds a socket service that records requests and returns the given reply texts in order. */
function fakeSocket(...replies: string[]): SocketService & { requests: SocketRequest[] } {
  const requests: SocketRequest[] = [];

  return {
    requests,
    async exchange(request) {
      requests.push(request);
      const text = replies[requests.length - 1] ?? "";

      return { text, bytes: Buffer.byteLength(text) };
    },
  };
}

function withSocket(socket: SocketService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === SOCKET_SERVICE.name ? (socket as never) : undefined) };

  return defineNode(integrationSocketNode.spec, (ctx, config) => integrationSocketNode.run({ ...ctx, services }, config));
}

const connection = { host: "billing.example.com", port: 7001, framing: { type: "delimiter", delimiter: "\n" } };

describe("integration.socket", () => {
  test("renders the message and passes the connector", async () => {
    const socket = fakeSocket("OK");

    await runNode(withSocket(socket), { connection, message: "QRY|{{ accountNo }}" }, { variables: { accountNo: "0912" } });

    expect(socket.requests[0]).toEqual({
      connector: { ...connection, mode: "short", encoding: "utf8", connectTimeoutMs: 3000 },
      message: "QRY|0912",
      replyTimeoutMs: 5000,
    });
  });

  test("outputs read reply text", async () => {
    const config = { connection, message: "Q", outputs: [{ variable: "code", value: '$split(reply.text, "|")[1]' }] };

    const result = await runNode(withSocket(fakeSocket("ACK|00|done")), config);

    expect(result.port).toBe("next");
    expect(result.variables.code).toBe("00");
  });

  test("outputs read a JSON reply", async () => {
    const config = { connection, message: "Q", outputs: [{ variable: "balance", value: "reply.json.balance" }] };

    const result = await runNode(withSocket(fakeSocket('{"balance": 88.5}')), config);

    expect(result.variables.balance).toBe(88.5);
  });

  test("non-JSON reply has no json", async () => {
    const config = { connection, message: "Q", outputs: [{ variable: "parsed", value: "$exists(reply.json)" }] };

    const result = await runNode(withSocket(fakeSocket("{not json")), config);

    expect(result.variables.parsed).toBe(false);
  });

  test("without the service the node fails", async () => {
    const result = await runNode(integrationSocketNode, { connection, message: "Q" });

    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });
});

describe("integration.socket config", () => {
  test.each([
    ["long mode without correlation", { connection: { ...connection, mode: "long" }, message: "Q" }, "connection/correlation", "correlation field"],
    ["a 3-byte length header", { connection: { ...connection, framing: { type: "length", headerBytes: 3 } }, message: "Q" }, "connection/framing/headerBytes", ""],
    ["an unknown encoding", { connection: { ...connection, encoding: "shift_jis" }, message: "Q" }, "connection/encoding", ""],
    ["a pattern without group", { connection: { ...connection, mode: "long", correlation: { type: "pattern", pattern: "\\d+" } }, message: "Q" }, "connection/correlation/pattern", "capture group"],
    ["an invalid pattern", { connection: { ...connection, mode: "long", correlation: { type: "pattern", pattern: "(" } }, message: "Q" }, "connection/correlation/pattern", "capture group"],
    ["a host with a path", { connection: { ...connection, host: "billing.example.com/x" }, message: "Q" }, "connection/host", "host name or IP"],
    ["port 0", { connection: { ...connection, port: 0 }, message: "Q" }, "connection/port", ""],
    ["an empty message", { connection, message: "" }, "message", ""],
    ["both connection and connector", { connection, connector: "billing-host", message: "Q" }, "connector", "exactly one"],
    ["neither connection nor connector", { message: "Q" }, "connector", "exactly one"],
    ["a connector name with a slash", { connector: "a/b", message: "Q" }, "connector", "connector name"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = integrationSocketConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("length framing defaults", () => {
    const config = integrationSocketConfigSchema.parse({ connection: { ...connection, framing: { type: "length", headerBytes: 2 } }, message: "Q" });

    expect(config.connection?.framing).toEqual({ type: "length", headerBytes: 2, byteOrder: "big", includesHeader: false });
  });

  test("IPv6 host is accepted", () => {
    expect(integrationSocketConfigSchema.safeParse({ connection: { ...connection, host: "2001:db8::7" }, message: "Q" }).success).toBe(true);
  });

  test("connector name is passed by name", async () => {
    const socket = fakeSocket("OK");

    await runNode(withSocket(socket), { connector: "billing-host", message: "Q" });

    expect(socket.requests[0].connector).toEqual({ name: "billing-host" });
  });
});
