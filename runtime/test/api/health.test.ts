import { randomBytes } from "node:crypto";

import { migrate, openDatabase, type CallflowDatabase } from "@callflow/db";

import { startApi, type ApiHarness } from "./support/api-harness.js";
import { startEmbeddedServer, type Server } from "./support/test-postgres.js";

jest.setTimeout(60_000);

let server: Server | undefined;
let db: CallflowDatabase;
let api: ApiHarness;

beforeAll(async () => {
  server = await startEmbeddedServer();
  await migrate(server.adminUrl);
  db = openDatabase({ url: server.adminUrl, masterKey: randomBytes(32), onIdleConnectionError: () => undefined });
  api = await startApi(db, { healthTimeoutMs: 5_000 });
});

afterAll(async () => {
  await api?.close();
  await db?.close();
  await server?.stop();
});

describe("GET /api/health with a server that stops", () => {
  it("answers 200, then 503 once PostgreSQL is stopped", async () => {
    const before = await api.request("GET", "/api/health");

    await server!.stop();
    server = undefined;
    const after = await api.request("GET", "/api/health");

    expect(before.status).toBe(200);
    expect(before.body.database.status).toBe("up");
    expect(after.status).toBe(503);
    expect(after.body.status).toBe("unavailable");
    expect(after.body.database.status).toBe("down");
    expect(after.body.database.reason).toBe("unreachable");
  });

  it("answers other routes with database-unavailable", async () => {
    const response = await api.request("POST", "/api/sessions", { body: { tenant: "Harbour Bank", login: "mei", password: "irrelevant" }, headers: { "accept-language": "zh-Hant" } });

    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("database-unavailable");
    expect(response.body.error.message).toBe("無法連線資料庫。請稍後重試；如持續發生，請通知平台營運方。");
  });
});
