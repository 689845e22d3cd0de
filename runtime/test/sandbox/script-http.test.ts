import { logicScriptNode, SCRIPT_SERVICE } from "@callflow/nodes";
import { runNode, type NodeDefinition } from "@callflow/sdk";

import { MemoryConnectorDirectory, type Connector } from "../../src/connectors/connector-directory.js";
import { MemorySecretStore } from "../../src/connectors/secrets.js";
import { TenantServices, type TenantConnectorSource } from "../../src/connectors/tenant-services.js";
import type { ScriptSandbox } from "../../src/sandbox/index.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "../connectors/support/local-http-server.js";
import { startLocalTcpServer, type LocalTcpServer } from "../connectors/support/local-tcp-server.js";
import { watchedConnections } from "../connectors/support/watched-connections.js";
import { withServices } from "../connectors/support/with-services.js";
import { createTestSandbox } from "./support/test-sandbox.js";
import { timed, waitFor } from "./support/timed.js";

// Scripts call HTTP through host.http, which the runtime process sends through the tenant's
// connectors and egress guard. Only the test's own servers on 127.0.0.1 are allow-listed.
const MAX_REQUESTS = 3;
const MAX_RESPONSE_BYTES = 4_096;

let sandbox: ScriptSandbox;
let crm: LocalHttpServer;
let silent: LocalTcpServer;
let silentClosed = 0;
let services: TenantServices;
const connections = watchedConnections();

function connectorsOf(tenantId: string): Connector[] {
  if (tenantId !== "tenant-a") return [];
  return [
    { name: "crm", kind: "http", settings: { baseUrl: `${crm.origin}/api/`, headers: { "x-tenant": "a" } }, secret: "crm-token" },
    { name: "billing", kind: "http", settings: { baseUrl: `${crm.origin}/billing/` } },
    { name: "slow", kind: "http", settings: { baseUrl: `http://127.0.0.1:${silent.port}/` } },
    // A private address that no allow-list entry covers: the guard classifies it and opens nothing.
    { name: "internal", kind: "http", settings: { baseUrl: "http://10.20.30.40/api/" } },
  ];
}

const source: TenantConnectorSource = {
  connectorsFor: (tenantId) => new MemoryConnectorDirectory(connectorsOf(tenantId)),
  secretsFor: (tenantId) => new MemorySecretStore(tenantId === "tenant-a" ? { "crm-token": { type: "bearer", token: "t0ken" } } : {}),
};

function scriptNode(tenantId: string): NodeDefinition<any, any> {
  return withServices(logicScriptNode, services.for(tenantId));
}

beforeAll(async () => {
  crm = await startLocalHttpServer((request, response) => {
    const url = new URL(request.url, "http://local");

    if (url.pathname === "/api/customers/0912") {
      sendJson(response, 200, { balance: 1200.5, lang: url.searchParams.get("lang") });
    } else if (url.pathname === "/api/echo") {
      sendJson(response, 201, { received: request.body, contentType: request.headers["content-type"] });
    } else if (url.pathname === "/api/big") {
      sendJson(response, 200, { filler: "x".repeat(MAX_RESPONSE_BYTES * 2) });
    } else {
      sendJson(response, 404, { message: "no such customer" });
    }
  });
  silent = await startLocalTcpServer((socket) => socket.on("close", () => silentClosed++));
  sandbox = createTestSandbox({ workers: 2 });
  await sandbox.start();
  services = new TenantServices({
    sandbox,
    connectors: source,
    allow: [`127.0.0.1:${crm.port}`, `127.0.0.1:${silent.port}`],
    lookup: async () => [],
    openConnection: connections.open,
    scriptHttp: { maxRequests: MAX_REQUESTS, maxResponseBytes: MAX_RESPONSE_BYTES },
  });
});

afterAll(async () => {
  await services?.close();
  await sandbox?.close();
  await crm?.close();
  await silent?.close();
});

beforeEach(() => {
  crm.requests.length = 0;
});

describe("host.http capability", () => {
  test("absent without httpConnectors", async () => {
    const config = { code: "return { seen: [typeof host.http, typeof http, Object.keys(host).length] };", outputs: ["seen"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.variables.seen).toEqual(["undefined", "undefined", 0]);
  });

  test("GET carries the connector's auth", async () => {
    const code = "const response = await host.http.get('customers/0912', { query: { lang: 'zh' } });\nreturn { balance: response.body.balance, lang: response.body.lang, ok: response.ok };";
    const config = { code, outputs: ["balance", "lang", "ok"], httpConnectors: ["crm"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ balance: 1200.5, lang: "zh", ok: true });
    expect(crm.requests[0].url).toBe("/api/customers/0912?lang=zh");
    expect(crm.requests[0].headers.authorization).toBe("Bearer t0ken");
    expect(crm.requests[0].headers["x-tenant"]).toBe("a");
    expect(connections.opened.map((destination) => destination.port)).toContain(crm.port);
  });

  test("POST sends a JSON body", async () => {
    const config = { code: "const response = await host.http.post('echo', { amount: 5 });\nreturn { echoed: response.body, status: response.status };", outputs: ["echoed", "status"], httpConnectors: ["crm"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.variables.status).toBe(201);
    expect(result.variables.echoed).toEqual({ received: '{"amount":5}', contentType: "application/json" });
  });

  test("error status resolves with ok false", async () => {
    const config = { code: "const response = await host.http.get('customers/none');\nreturn { status: response.status, ok: response.ok, reason: response.body.message };", outputs: ["status", "ok", "reason"], httpConnectors: ["crm"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.variables).toMatchObject({ status: 404, ok: false, reason: "no such customer" });
  });

  test("request picks one of several connectors", async () => {
    const code = "const response = await host.http.request({ connector: 'crm', method: 'GET', path: 'customers/0912' });\nreturn { balance: response.body.balance };";
    const config = { code, outputs: ["balance"], httpConnectors: ["billing", "crm"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.variables.balance).toBe(1200.5);
  });

  test("private destination fails through the error port", async () => {
    const config = { code: "await host.http.get('status');\nreturn {};", httpConnectors: ["internal"], timeoutMs: 2_000 };
    const openedBefore = connections.opened.length;

    const result = await runNode(scriptNode("tenant-a"), config);

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("host.http.get failed: connection to 10.20.30.40:80 blocked: 10.20.30.40 is a private address");
    expect(connections.opened.slice(openedBefore)).toEqual([]);
  });

  test("script may catch a failed request", async () => {
    const code = "try {\n  await host.http.get('status');\n  return { caught: 'nothing' };\n} catch (error) {\n  return { caught: error.message };\n}";

    const result = await runNode(scriptNode("tenant-a"), { code, outputs: ["caught"], httpConnectors: ["internal"] });

    expect(result.port).toBe("next");
    expect(result.variables.caught).toMatch(/^host\.http\.get failed: connection to 10\.20\.30\.40:80 blocked/);
  });

  test("silent server hits the deadline without delaying others", async () => {
    const hanging = timed(runNode(scriptNode("tenant-a"), { code: "await host.http.get('wait');\nreturn {};", httpConnectors: ["slow"], timeoutMs: 300 }));

    await waitFor(() => silent.connections === 1);
    const calm = await timed(runNode(scriptNode("tenant-a"), { code: "return { total: 42 };", outputs: ["total"] }));
    const stuck = await hanging;

    expect(calm.value?.variables.total).toBe(42);
    expect(calm.elapsedMs).toBeLessThan(200);
    expect(stuck.value?.port).toBe("error");
    expect((stuck.value?.error as { code: string }).code).toBe("script-timeout");
    expect(stuck.elapsedMs).toBeGreaterThanOrEqual(290);
    await waitFor(() => silentClosed === 1, 2_000);
  });

  test("another tenant's connector is not found", async () => {
    const config = { code: "await host.http.get('customers/0912');\nreturn {};", httpConnectors: ["crm"] };

    const result = await runNode(scriptNode("tenant-b"), config);

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain('http connector "crm" is not found');
    expect(crm.requests).toHaveLength(0);
  });

  test("connector outside the node's list rejected", async () => {
    const config = { code: "await host.http.request({ connector: 'billing', path: 'invoices' });\nreturn {};", httpConnectors: ["crm"] };

    const result = await runNode(scriptNode("tenant-a"), config);

    expect((result.error as Error).message).toContain('HTTP connector "billing" is not named by this node (it names crm)');
    expect(crm.requests).toHaveLength(0);
  });

  test("requests beyond the cap rejected", async () => {
    const code = `for (let i = 0; i <= ${MAX_REQUESTS}; i++) await host.http.get('customers/0912');\nreturn {};`;

    const result = await runNode(scriptNode("tenant-a"), { code, httpConnectors: ["crm"] });

    expect((result.error as Error).message).toContain(`the script may send at most ${MAX_REQUESTS} HTTP requests in one run`);
    expect(crm.requests).toHaveLength(MAX_REQUESTS);
  });

  test("response over the size cap rejected", async () => {
    const result = await runNode(scriptNode("tenant-a"), { code: "await host.http.get('big');\nreturn {};", httpConnectors: ["crm"] });

    expect((result.error as Error).message).toContain(`returned more than ${MAX_RESPONSE_BYTES} bytes`);
  });

  test.each([
    ["an authorization header", "{ path: 'echo', method: 'POST', headers: { Authorization: 'Bearer stolen' }, body: 1 }", "headers.Authorization: is set by the runtime"],
    ["an absolute URL", "{ path: 'http://127.0.0.1:1/elsewhere' }", "path: a path relative to the connector's base URL"],
    ["an unknown option", "{ url: 'customers/0912' }", 'unknown option "url"; the options are method, connector, path'],
    ["a body on GET", "{ path: 'echo', body: { a: 1 } }", "body: a GET request has no body"],
  ])("rejects %s", async (_name, options, message) => {
    const result = await runNode(scriptNode("tenant-a"), { code: `await host.http.request(${options});\nreturn {};`, httpConnectors: ["crm"] });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("invalid HTTP request");
    expect((result.error as Error).message).toContain(message);
    expect(crm.requests).toHaveLength(0);
  });

  test("caller hang-up aborts the request", async () => {
    const script = services.for("tenant-a").get(SCRIPT_SERVICE)!;
    const hangUp = new AbortController();
    const connectionsBefore = silent.connections;
    const closedBefore = silentClosed;
    const outcome = timed(script.run({ code: "await host.http.get('wait');", inputs: {}, timeoutMs: 5_000, httpConnectors: ["slow"] }, { signal: hangUp.signal }));

    await waitFor(() => silent.connections === connectionsBefore + 1);
    hangUp.abort(new Error("caller hung up"));
    const result = await outcome;

    expect((result.error as Error).message).toBe("caller hung up");
    expect(result.elapsedMs).toBeLessThan(2_000);
    await waitFor(() => silentClosed === closedBefore + 1, 2_000);
  });
});
