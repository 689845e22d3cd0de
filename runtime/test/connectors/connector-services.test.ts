import { HTTP_SERVICE, SOCKET_SERVICE } from "@callflow/nodes";
import { MemoryLogger } from "@callflow/sdk";

import { createConnectorServices } from "../../src/connectors/connector-services.js";
import { ServiceTable } from "../../src/connectors/node-services.js";
import { EgressBlockedError } from "../../src/egress/egress-error.js";
import { AllowListError } from "../../src/egress/allow-list.js";
import { watchedConnections } from "./support/watched-connections.js";

describe("createConnectorServices", () => {
  test("offers HTTP and socket services", () => {
    const { services } = createConnectorServices();

    expect(services.get(HTTP_SERVICE)).toBeDefined();
    expect(services.get(SOCKET_SERVICE)).toBeDefined();
  });

  test("both services share the egress guard", async () => {
    const connections = watchedConnections();
    const { services } = createConnectorServices({ openConnection: connections.open });
    const context = { signal: new AbortController().signal, log: new MemoryLogger() };
    const connector = { host: "169.254.169.254", port: 80, mode: "short", framing: { type: "delimiter", delimiter: "\n" }, encoding: "utf8", connectTimeoutMs: 500 } as const;

    const http = services.get(HTTP_SERVICE)!.request({ method: "GET", url: "http://169.254.169.254/", headers: {}, timeoutMs: 500, retries: 0, retryBackoffMs: 0 }, context);
    const socket = services.get(SOCKET_SERVICE)!.exchange({ connector, message: "Q", replyTimeoutMs: 500 }, context);

    await expect(http).rejects.toThrow(EgressBlockedError);
    await expect(socket).rejects.toThrow(EgressBlockedError);
    expect(connections.opened).toEqual([]);
  });

  test("invalid allow-list entry fails at once", () => {
    expect(() => createConnectorServices({ allow: ["crm.internal"] })).toThrow(AllowListError);
  });
});

describe("ServiceTable", () => {
  test("adding a key twice throws", () => {
    const table = new ServiceTable().add(HTTP_SERVICE, { request: () => Promise.reject(new Error("unused")) });

    expect(() => table.add(HTTP_SERVICE, { request: () => Promise.reject(new Error("unused")) })).toThrow('service "http" is already added');
  });

  test("missing service is undefined", () => {
    expect(new ServiceTable().get(SOCKET_SERVICE)).toBeUndefined();
  });
});
