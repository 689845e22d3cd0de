import { createServer } from "node:net";

import { openDatabase } from "@callflow/db";

import { publicRoute } from "../../src/api/route.js";
import { apiRoutes } from "../../src/api/routes/api-routes.js";
import { startApi, type ApiHarness } from "./support/api-harness.js";
import { startTestPostgres, type TestPostgres } from "./support/test-postgres.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;

beforeAll(async () => {
  postgres = await startTestPostgres();
  api = await startApi(postgres.db, { telephony: () => [{ name: "asterisk-1", state: "connected" }] });
});

afterAll(async () => {
  await api?.close();
  await postgres?.stop();
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };

      server.close(() => resolve(port));
    });
  });
}

describe("GET /api/health", () => {
  it("answers 200 when the database answers", async () => {
    const response = await api.request("GET", "/api/health");

    expect(response.status).toBe(200);
    expect(response.body.status).toBe("ok");
    expect(response.body.database.status).toBe("up");
  });

  it("lists the telephony connections", async () => {
    const response = await api.request("GET", "/api/health");

    expect(response.body.telephony).toEqual([{ name: "asterisk-1", state: "connected" }]);
  });

  it("answers 503 when the database is down", async () => {
    const port = await closedPort();
    const db = openDatabase({ url: `postgres://nobody:none@127.0.0.1:${port}/none`, masterKey: postgres.masterKey, onIdleConnectionError: () => undefined });
    const downApi = await startApi(db);

    const response = await downApi.request("GET", "/api/health");
    await downApi.close();
    await db.close();

    expect(response.status).toBe(503);
    expect(response.body.database).toMatchObject({ status: "down", reason: "unreachable" });
  });

  it("answers 503 when the check times out", async () => {
    const stalled = { ...postgres.db, withPlatform: () => new Promise<never>(() => undefined) };
    const slowApi = await startApi(stalled, { healthTimeoutMs: 50 });

    const response = await slowApi.request("GET", "/api/health");
    await slowApi.close();

    expect(response.status).toBe(503);
    expect(response.body.database).toMatchObject({ status: "down", reason: "timeout" });
  });
});

describe("errors", () => {
  it("answer an unknown route with 404 JSON", async () => {
    const response = await api.request("GET", "/api/nothing-here");

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("route-not-found");
    expect(response.body.error.message).toContain("/api/nothing-here");
  });

  it("localize the message from Accept-Language", async () => {
    const response = await api.request("GET", "/api/nothing-here", { headers: { "accept-language": "zh-TW,zh;q=0.9,en;q=0.5" } });

    expect(response.body.error.message).toBe("沒有與 GET /api/nothing-here 相符的 API 路由。路由清單見 /api/openapi.json。");
  });

  it("answer a wrong method with 405 and Allow", async () => {
    const response = await api.request("DELETE", "/api/health");

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(response.body.error.code).toBe("method-not-allowed");
  });

  it("carry a request id", async () => {
    const response = await api.request("GET", "/api/nothing-here");

    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("GET /api/openapi.json", () => {
  it("describes every route", async () => {
    const response = await api.request("GET", "/api/openapi.json");
    const described = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const defined = apiRoutes().map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);

    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    expect(described.sort()).toEqual(defined.sort());
  });

  it("gives each operation an id and an error schema", async () => {
    const response = await api.request("GET", "/api/openapi.json");
    const operations = Object.values(response.body.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>).flatMap(
      (byMethod) => Object.values(byMethod),
    );

    expect(operations.every((operation) => typeof operation.operationId === "string")).toBe(true);
    expect(operations.every((operation) => "500" in operation.responses)).toBe(true);
  });
});

describe("extraRoutes", () => {
  it("serves and documents a route of the service", async () => {
    const extra = publicRoute(
      { method: "GET", path: "/api/extra/ping", operationId: "pingExtra", summary: "Returns pong", tag: "extra", responses: { 200: { description: "Pong." } } },
      async () => ({ body: { pong: true } }),
    );
    const extraApi = await startApi(postgres.db, { extraRoutes: [extra] });

    const response = await extraApi.request("GET", "/api/extra/ping");
    const document = await extraApi.request("GET", "/api/openapi.json");
    await extraApi.close();

    expect(response.body).toEqual({ pong: true });
    expect(document.body.paths["/api/extra/ping"].get.operationId).toBe("pingExtra");
  });
});
