import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { ApiError } from "../../src/api/api-error.js";
import { readJsonBody, sendJson } from "../../src/api/http-json.js";

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    readJsonBody(request, 64).then(
      (body) => sendJson(response, 200, { body: body ?? null }),
      (error: ApiError) => sendJson(response, error.status, { code: error.code }, { connection: "close" }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function post(body: string, contentType = "application/json") {
  return fetch(baseUrl, { method: "POST", headers: { "content-type": contentType }, body });
}

describe("readJsonBody", () => {
  it("parses a JSON body", async () => {
    const response = await post('{"a":1}');

    expect(await response.json()).toEqual({ body: { a: 1 } });
  });

  it("returns undefined for an empty body", async () => {
    const response = await post("");

    expect(await response.json()).toEqual({ body: null });
  });

  it("rejects a body over the limit with 413", async () => {
    const response = await post(JSON.stringify({ text: "x".repeat(100) }));

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: "body-too-large" });
  });

  it("rejects a streamed body over the limit with 413", async () => {
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"text":"${"x".repeat(50)}`));
        controller.enqueue(new TextEncoder().encode(`${"x".repeat(50)}"}`));
        controller.close();
      },
    });

    const response = await fetch(baseUrl, { method: "POST", headers: { "content-type": "application/json" }, body: chunks, duplex: "half" } as RequestInit);

    expect(response.status).toBe(413);
  });

  it("rejects malformed JSON with 400", async () => {
    const response = await post("{nope");

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: "invalid-json" });
  });

  it("rejects a body not declared as JSON with 415", async () => {
    const response = await post("a=1", "application/x-www-form-urlencoded");

    expect(response.status).toBe(415);
  });
});
