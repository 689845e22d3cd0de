import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { HttpStatusError, ServiceUnavailableError } from "./errors.js";
import { HTTP_SERVICE, type HttpRequest, type HttpResponse, type HttpService } from "./http-service.js";
import { integrationHttpNode } from "./run.js";
import { integrationHttpConfigSchema, integrationHttpSpec } from "./spec.js";

/** Builds an HTTP service that records requests and returns canned responses in order. */
function fakeHttp(...responses: Array<Partial<HttpResponse>>): HttpService & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];

  return {
    requests,
    async request(request) {
      requests.push(request);
      return { status: 200, headers: {}, body: "", url: request.url, ...responses[requests.length - 1] };
    },
  };
}

function withHttp(http: HttpService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === HTTP_SERVICE.name ? (http as never) : undefined) };

  return defineNode(integrationHttpSpec, (ctx, config) => integrationHttpNode.run({ ...ctx, services }, config));
}

describe("integration.http request", () => {
  test("renders URL and headers", async () => {
    const http = fakeHttp({});
    const config = {
      url: "https://crm.example.com/customers/{{ $encodeUrlComponent(accountNo) }}?lang={{ language }}",
      headers: [{ name: "X-Call-Id", value: "{{ callId }}" }],
    };

    await runNode(withHttp(http), config, { variables: { accountNo: "12 34", language: "en", callId: "c-1" } });

    expect(http.requests[0].url).toBe("https://crm.example.com/customers/12%2034?lang=en");
    expect(http.requests[0].headers).toEqual({ "X-Call-Id": "c-1" });
    expect(http.requests[0].method).toBe("GET");
  });

  test("JSON body from an expression", async () => {
    const http = fakeHttp({});
    const config = { method: "POST", url: "https://crm.example.com/lookups", body: { type: "json", value: '{ "account": accountNo, "amount": amount * 2 }' } };

    await runNode(withHttp(http), config, { variables: { accountNo: "A1", amount: 21 } });

    expect(JSON.parse(http.requests[0].body!)).toEqual({ account: "A1", amount: 42 });
    expect(http.requests[0].headers["content-type"]).toBe("application/json");
  });

  test("form body from fields", async () => {
    const http = fakeHttp({});
    const config = {
      method: "POST",
      url: "https://crm.example.com/forms",
      body: { type: "form", fields: [{ name: "account", value: "accountNo" }, { name: "note", value: '"a&b c"' }, { name: "tags", value: '["x", 1]' }] },
    };

    await runNode(withHttp(http), config, { variables: { accountNo: "A1" } });

    expect(http.requests[0].body).toBe("account=A1&note=a%26b+c&tags=%5B%22x%22%2C1%5D");
    expect(http.requests[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  test("configured content type is kept", async () => {
    const http = fakeHttp({});
    const config = {
      method: "PUT",
      url: "https://crm.example.com/x",
      headers: [{ name: "Content-Type", value: "application/vnd.crm+json" }],
      body: { type: "json", value: "{}" },
    };

    await runNode(withHttp(http), config);

    expect(http.requests[0].headers).toEqual({ "Content-Type": "application/vnd.crm+json" });
  });

  test("passes secret name, timeout and retries", async () => {
    const http = fakeHttp({});
    const config = { url: "https://crm.example.com/x", auth: { secret: "crm-api" }, timeoutMs: 3000, retryBackoffMs: 100 };

    await runNode(withHttp(http), config);

    expect(http.requests[0]).toMatchObject({ secret: "crm-api", timeoutMs: 3000, retries: 2, retryBackoffMs: 100 });
  });

  test("POST is not retried by default", async () => {
    const http = fakeHttp({});

    await runNode(withHttp(http), { method: "POST", url: "https://crm.example.com/x" });

    expect(http.requests[0].retries).toBe(0);
  });
});

describe("integration.http connector", () => {
  test("passes the connector name and the relative URL", async () => {
    const http = fakeHttp({});

    await runNode(withHttp(http), { connector: "crm", url: "customers/{{ accountNo }}" }, { variables: { accountNo: "A1" } });

    expect(http.requests[0].connector).toBe("crm");
    expect(http.requests[0].url).toBe("customers/A1");
  });
});

describe("integration.http response", () => {
  test("outputs read the response", async () => {
    const http = fakeHttp({ status: 200, headers: { etag: "v7" }, body: { customer: { name: "Chen", balance: 1200.5 } } });
    const config = {
      url: "https://crm.example.com/x",
      outputs: [
        { variable: "name", value: "response.body.customer.name" },
        { variable: "balance", value: "response.body.customer.balance" },
        { variable: "etag", value: "response.headers.etag" },
        { variable: "status", value: "response.status" },
      ],
    };

    const result = await runNode(withHttp(http), config);

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ name: "Chen", balance: 1200.5, etag: "v7", status: 200 });
  });

  test("outputs read variables and earlier outputs", async () => {
    const http = fakeHttp({ body: { items: [{ id: "a", price: 5 }, { id: "b", price: 7 }] } });
    const config = {
      url: "https://crm.example.com/x",
      outputs: [
        { variable: "price", value: "response.body.items[id = $$.wanted].price" },
        { variable: "total", value: "price * quantity" },
      ],
    };

    const result = await runNode(withHttp(http), config, { variables: { wanted: "b", quantity: 3 } });

    expect(result.variables.total).toBe(21);
  });

  test("sensitive output is redacted in the trace", async () => {
    const http = fakeHttp({ body: { id: "A123456789" } });
    const config = { url: "https://crm.example.com/x", outputs: [{ variable: "idNumber", value: "response.body.id" }] };

    const result = await runNode(withHttp(http), config, { sensitive: ["idNumber"] });

    expect(result.variables.idNumber).toBe("A123456789");
    expect(JSON.stringify(result.trace)).not.toContain("A123456789");
  });

  test("status outside 2xx leaves by httpError with outputs set", async () => {
    const http = fakeHttp({ status: 404, body: { message: "no such customer" } });
    const config = { url: "https://crm.example.com/x", httpErrorPort: true, outputs: [{ variable: "reason", value: "response.body.message" }] };

    const result = await runNode(withHttp(http), config);

    expect(result.port).toBe("httpError");
    expect(result.variables.reason).toBe("no such customer");
  });

  test("status outside 2xx without httpError port fails", async () => {
    const http = fakeHttp({ status: 503 });

    const result = await runNode(withHttp(http), { url: "https://crm.example.com/x?account=123" });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(HttpStatusError);
    expect((result.error as HttpStatusError).status).toBe(503);
    expect((result.error as Error).message).toBe("GET https://crm.example.com/x returned status 503; turn on the httpError port to handle it in the flow");
  });

  test("service failure leaves by error", async () => {
    const failing: HttpService = { request: () => Promise.reject(new Error("timed out")) };

    const result = await runNode(withHttp(failing), { url: "https://crm.example.com/x" });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toBe("timed out");
  });

  test("without the service the node fails", async () => {
    const result = await runNode(integrationHttpNode, { url: "https://crm.example.com/x" });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });
});

describe("integration.http config", () => {
  test.each([
    ["a URL without scheme", { url: "crm.example.com/x" }, "url", "http:// or https://"],
    ["a POST with retries", { method: "POST", url: "https://x.example/", retries: 2 }, "retries", "not idempotent"],
    ["a GET with a body", { url: "https://x.example/", body: { type: "json", value: "{}" } }, "body", "has no body"],
    ["an Authorization header", { url: "https://x.example/", headers: [{ name: "Authorization", value: "Bearer x" }] }, "headers/0/name", "use auth"],
    ["a header name with a space", { url: "https://x.example/", headers: [{ name: "X Id", value: "1" }] }, "headers/0/name", "header name"],
    ["an empty form", { method: "POST", url: "https://x.example/", body: { type: "form", fields: [] } }, "body/fields", "at least one field"],
    ["a secret name with a slash", { url: "https://x.example/", auth: { secret: "a/b" } }, "auth/secret", "secret name"],
    ["an absolute URL with a connector", { connector: "crm", url: "https://other.example/x" }, "url", "relative to connector crm"],
    ["a network path with a connector", { connector: "crm", url: "//other.example/x" }, "url", "remove the scheme and host"],
    ["a connector name with a space", { connector: "my crm", url: "customers" }, "connector", "connector name"],
  ])("rejects %s", (_name, config, path, message) => {
    const result = integrationHttpConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("relative URL with a connector is accepted", () => {
    expect(integrationHttpConfigSchema.safeParse({ connector: "crm", url: "customers/{{ accountNo }}" }).success).toBe(true);
  });

  test("URL may start with a placeholder", () => {
    expect(integrationHttpConfigSchema.safeParse({ url: "{{ crmBase }}/customers" }).success).toBe(true);
  });

  test("httpError port only when turned on", () => {
    const ports = integrationHttpSpec.ports as (config: unknown) => string[];

    expect(ports(integrationHttpConfigSchema.parse({ url: "https://x.example/" }))).toEqual(["next"]);
    expect(ports(integrationHttpConfigSchema.parse({ url: "https://x.example/", httpErrorPort: true }))).toEqual(["next", "httpError"]);
  });

  test("compiler reports an output syntax error", async () => {
    const run = runNode(withHttp(fakeHttp({})), { url: "https://x.example/", outputs: [{ variable: "a", value: "response.body." }] });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/outputs\/0\/value .*does not parse/);
  });
});
