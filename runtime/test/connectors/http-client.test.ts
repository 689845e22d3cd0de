import { EgressBlockedError } from "../../src/egress/egress-error.js";
import { EgressGuard } from "../../src/egress/egress-guard.js";
import { HttpClient, MAX_REDIRECTS } from "../../src/connectors/http/http-client.js";
import { InvalidResponseError, InvalidUrlError, RedirectError } from "../../src/connectors/http/http-errors.js";
import { fakeLookup } from "../egress/fake-lookup.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./support/local-http-server.js";
import { watchedConnections } from "./support/watched-connections.js";

const never = new AbortController().signal;

let server: LocalHttpServer;
let other: LocalHttpServer;

beforeAll(async () => {
  server = await startLocalHttpServer((request, response) => {
    const url = new URL(request.url, "http://local");
    const to = url.searchParams.get("to");

    if (url.pathname === "/redirect") {
      response.writeHead(Number(url.searchParams.get("status") ?? 302), { location: to ?? "/echo" });
      response.end();
    } else if (url.pathname === "/loop") {
      response.writeHead(302, { location: "/loop" });
      response.end();
    } else if (url.pathname === "/large") {
      response.end("x".repeat(2048));
    } else {
      sendJson(response, 200, { method: request.method, path: request.url, host: request.headers.host, body: request.body });
    }
  });
  other = await startLocalHttpServer((request, response) => sendJson(response, 200, { authorization: request.headers.authorization ?? null }));
});

afterAll(async () => {
  await server.close();
  await other.close();
});

beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
});

function client(options: { allow?: string[]; names?: Record<string, string[]>; maxResponseBytes?: number } = {}) {
  const resolver = fakeLookup(options.names ?? {});
  const connections = watchedConnections();
  const guard = new EgressGuard({ allow: options.allow ?? [`127.0.0.1:${server.port}`], lookup: resolver.lookup });
  const http = new HttpClient({ guard, openConnection: connections.open, maxResponseBytes: options.maxResponseBytes });

  return { http, resolver, connections };
}

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString("utf8"));
}

describe("HttpClient with the egress guard", () => {
  test("allow-listed address is reached", async () => {
    const { http } = client();

    const response = await http.send({ method: "GET", url: `${server.origin}/echo?a=1`, headers: {} }, never);

    expect(response.status).toBe(200);
    expect(json(response.body)).toMatchObject({ method: "GET", path: "/echo?a=1", host: `127.0.0.1:${server.port}` });
  });

  test("loopback without an allow-list entry is blocked before connecting", async () => {
    const { http, connections } = client({ allow: [] });

    const attempt = http.send({ method: "GET", url: `${server.origin}/echo`, headers: {} }, never);

    await expect(attempt).rejects.toThrow(EgressBlockedError);
    await expect(attempt).rejects.toThrow(`connection to 127.0.0.1:${server.port} blocked: 127.0.0.1 is a loopback address`);
    expect(connections.opened).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  test("entry for another port does not permit this one", async () => {
    const { http } = client({ allow: [`127.0.0.1:${other.port}`] });

    await expect(http.send({ method: "GET", url: `${server.origin}/echo`, headers: {} }, never)).rejects.toThrow(EgressBlockedError);
  });

  test("host name is resolved once and the checked address connected", async () => {
    const { http, resolver, connections } = client({ names: { "crm.test": ["127.0.0.1"] } });

    const response = await http.send({ method: "GET", url: `http://crm.test:${server.port}/echo`, headers: {} }, never);

    expect(json(response.body).host).toBe(`crm.test:${server.port}`);
    expect(resolver.calls).toEqual(["crm.test"]);
    expect(connections.opened.map((d) => d.address)).toEqual(["127.0.0.1"]);
  });

  test("second lookup answer is never used", async () => {
    const connections = watchedConnections();
    let lookups = 0;
    const rebinding = new HttpClient({
      guard: new EgressGuard({
        allow: [`127.0.0.1:${server.port}`],
        lookup: async () => [{ address: lookups++ === 0 ? "127.0.0.1" : "10.0.0.1", family: 4 }],
      }),
      openConnection: connections.open,
    });

    await rebinding.send({ method: "GET", url: `http://rebind.test:${server.port}/echo`, headers: {} }, never);

    expect(lookups).toBe(1);
    expect(connections.opened.map((d) => d.address)).toEqual(["127.0.0.1"]);
  });

  test("name resolving to metadata is blocked", async () => {
    const { http, connections } = client({ names: { "metadata.test": ["169.254.169.254"] } });

    const attempt = http.send({ method: "GET", url: "http://metadata.test/latest/meta-data/", headers: {} }, never);

    await expect(attempt).rejects.toThrow("metadata.test:80 (169.254.169.254) blocked: 169.254.169.254 is a cloud metadata address");
    expect(connections.opened).toEqual([]);
  });
});

describe("HttpClient redirects", () => {
  test("redirect on the same server is followed", async () => {
    const { http } = client();

    const response = await http.send({ method: "GET", url: `${server.origin}/redirect?to=/echo%3Fb%3D2`, headers: {} }, never);

    expect(json(response.body).path).toBe("/echo?b=2");
    expect(response.url).toBe(`${server.origin}/echo?b=2`);
  });

  test("redirect to metadata is blocked", async () => {
    const { http, connections } = client();
    const url = `${server.origin}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`;

    const attempt = http.send({ method: "GET", url, headers: {} }, never);

    await expect(attempt).rejects.toThrow(EgressBlockedError);
    expect(connections.opened.map((d) => d.address)).toEqual(["127.0.0.1"]);
  });

  test("redirect to a name resolving to metadata is blocked", async () => {
    const { http, connections } = client({ names: { "metadata.test": ["169.254.169.254"] } });
    const url = `${server.origin}/redirect?to=${encodeURIComponent("http://metadata.test/")}`;

    await expect(http.send({ method: "GET", url, headers: {} }, never)).rejects.toThrow(/metadata\.test:80 \(169\.254\.169\.254\) blocked/);
    expect(connections.opened).toHaveLength(1);
  });

  test("redirect to a port not allow-listed is blocked", async () => {
    const { http } = client();
    const url = `${server.origin}/redirect?to=${encodeURIComponent(`${other.origin}/`)}`;

    await expect(http.send({ method: "GET", url, headers: {} }, never)).rejects.toThrow(`connection to 127.0.0.1:${other.port} blocked`);
    expect(other.requests).toEqual([]);
  });

  test("303 turns POST into GET without body", async () => {
    const { http } = client();

    const response = await http.send(
      { method: "POST", url: `${server.origin}/redirect?status=303`, headers: { "content-type": "application/json" }, body: '{"a":1}' },
      never,
    );

    expect(json(response.body)).toMatchObject({ method: "GET", body: "" });
  });

  test("307 keeps method and body", async () => {
    const { http } = client();

    const response = await http.send({ method: "POST", url: `${server.origin}/redirect?status=307`, headers: {}, body: "kept" }, never);

    expect(json(response.body)).toMatchObject({ method: "POST", body: "kept" });
  });

  test("authorization is dropped on leaving the origin", async () => {
    const { http } = client({ allow: [`127.0.0.1:${server.port}`, `127.0.0.1:${other.port}`] });
    const url = `${server.origin}/redirect?to=${encodeURIComponent(`${other.origin}/`)}`;

    const response = await http.send({ method: "GET", url, headers: { Authorization: "Bearer secret-token" } }, never);

    expect(json(response.body).authorization).toBeNull();
    expect(server.requests[0].headers.authorization).toBe("Bearer secret-token");
  });

  test("endless redirects stop", async () => {
    const { http } = client();

    await expect(http.send({ method: "GET", url: `${server.origin}/loop`, headers: {} }, never)).rejects.toThrow(RedirectError);
    expect(server.requests).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe("HttpClient limits", () => {
  test("body over the limit is rejected", async () => {
    const { http } = client({ maxResponseBytes: 1024 });

    await expect(http.send({ method: "GET", url: `${server.origin}/large`, headers: {} }, never)).rejects.toThrow(InvalidResponseError);
  });

  test.each([
    ["not absolute", "/echo", "not an absolute URL"],
    ["another scheme", "ftp://files.example.com/a", "use http: or https:"],
    ["credentials", "http://user:pw@crm.example.com/", "name a secret"],
  ])("rejects a URL with %s", async (_case, url, message) => {
    const { http, connections } = client();

    const attempt = http.send({ method: "GET", url, headers: {} }, never);

    await expect(attempt).rejects.toThrow(InvalidUrlError);
    await expect(attempt).rejects.toThrow(message);
    expect(connections.opened).toEqual([]);
  });

  test("credentials stay out of the message", async () => {
    const { http } = client();

    const error = await http.send({ method: "GET", url: "http://user:pw@crm.example.com/", headers: {} }, never).catch((e: Error) => e);

    expect((error as Error).message).not.toContain("pw");
  });
});
