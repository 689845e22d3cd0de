import { MemoryLogger } from "@callflow/sdk";
import type { HttpRequest } from "@callflow/nodes";

import { EgressGuard } from "../../src/egress/egress-guard.js";
import { GuardedHttpService } from "../../src/connectors/http/guarded-http-service.js";
import { HttpClient } from "../../src/connectors/http/http-client.js";
import { HttpTimeoutError, InvalidResponseError } from "../../src/connectors/http/http-errors.js";
import { MemorySecretStore, SecretNotFoundError } from "../../src/connectors/secrets.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./support/local-http-server.js";
import { watchedConnections } from "./support/watched-connections.js";

let server: LocalHttpServer;
// Responses the next requests get, by path; the last one repeats.
let script: Record<string, Array<{ status: number; delayMs?: number; headers?: Record<string, string> }>> = {};

beforeAll(async () => {
  server = await startLocalHttpServer((request, response) => {
    const path = new URL(request.url, "http://local").pathname;
    const steps = script[path] ?? [{ status: 200 }];
    const step = steps.length > 1 ? steps.shift()! : steps[0];
    const reply = (): void => sendJson(response, step.status, { authorization: request.headers.authorization ?? null }, step.headers);

    if (path === "/gbk") {
      response.writeHead(200, { "content-type": "text/plain; charset=GBK" });
      response.end(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
    } else if (path === "/not-json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("<html>");
    } else if (step.delayMs !== undefined) {
      setTimeout(reply, step.delayMs);
    } else {
      reply();
    }
  });
});

afterAll(() => server.close());

beforeEach(() => {
  server.requests.length = 0;
  script = {};
});

function service(): GuardedHttpService {
  const guard = new EgressGuard({ allow: [`127.0.0.1:${server.port}`] });
  const secrets = new MemorySecretStore({
    "crm-token": { type: "bearer", token: "t0ken" },
    "crm-login": { type: "basic", username: "ivr", password: "pa:ss" },
  });

  return new GuardedHttpService(new HttpClient({ guard, openConnection: watchedConnections().open }), secrets);
}

function request(path: string, overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { method: "GET", url: `${server.origin}${path}`, headers: {}, timeoutMs: 2000, retries: 0, retryBackoffMs: 10, ...overrides };
}

function context(signal = new AbortController().signal) {
  return { signal, log: new MemoryLogger() };
}

describe("GuardedHttpService authentication", () => {
  test("bearer secret sets the header", async () => {
    const response = await service().request(request("/a", { secret: "crm-token" }), context());

    expect(response.body).toEqual({ authorization: "Bearer t0ken" });
  });

  test("basic secret sets the header", async () => {
    const response = await service().request(request("/a", { secret: "crm-login" }), context());

    expect(response.body).toEqual({ authorization: `Basic ${Buffer.from("ivr:pa:ss").toString("base64")}` });
  });

  test("missing secret fails before sending", async () => {
    await expect(service().request(request("/a", { secret: "nope" }), context())).rejects.toThrow(SecretNotFoundError);
    expect(server.requests).toEqual([]);
  });
});

describe("GuardedHttpService retries", () => {
  test("GET is repeated after 503", async () => {
    script["/flaky"] = [{ status: 503 }, { status: 503 }, { status: 200 }];
    const log = context();

    const response = await service().request(request("/flaky", { retries: 2 }), log);

    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect(log.log.records.filter((r) => r.message === "retrying HTTP request")).toHaveLength(2);
  });

  test("last status returns when retries run out", async () => {
    script["/down"] = [{ status: 502 }];

    const response = await service().request(request("/down", { retries: 1 }), context());

    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(2);
  });

  test("POST is never repeated", async () => {
    script["/down"] = [{ status: 503 }];

    const response = await service().request(request("/down", { method: "POST", retries: 3, body: "{}" }), context());

    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("404 is not repeated", async () => {
    script["/missing"] = [{ status: 404 }];

    await service().request(request("/missing", { retries: 3 }), context());

    expect(server.requests).toHaveLength(1);
  });

  test("timeout is repeated, then reported", async () => {
    script["/slow"] = [{ status: 200, delayMs: 1000 }];

    const attempt = service().request(request("/slow", { timeoutMs: 100, retries: 1 }), context());

    await expect(attempt).rejects.toThrow(HttpTimeoutError);
    await expect(attempt).rejects.toThrow(`GET ${server.origin}/slow timed out after 100 ms`);
    expect(server.requests).toHaveLength(2);
  });

  test("retry-after lengthens the delay", async () => {
    script["/busy"] = [{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }];
    const started = Date.now();

    await service().request(request("/busy", { retries: 1 }), context());

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test("caller hang-up stops the wait", async () => {
    script["/slow"] = [{ status: 200, delayMs: 1000 }];
    const controller = new AbortController();
    const attempt = service().request(request("/slow"), context(controller.signal));

    setTimeout(() => controller.abort(new Error("caller hung up")), 50);

    await expect(attempt).rejects.toThrow("caller hung up");
  });
});

describe("GuardedHttpService bodies", () => {
  test("GBK text is decoded by its charset", async () => {
    const response = await service().request(request("/gbk"), context());

    expect(response.body).toBe("你好");
  });

  test("invalid JSON is reported", async () => {
    await expect(service().request(request("/not-json"), context())).rejects.toThrow(InvalidResponseError);
  });

  test("HEAD has an empty body", async () => {
    const response = await service().request(request("/a", { method: "HEAD" }), context());

    expect(response.body).toBe("");
  });
});
