import { defineNode, type NodeContext } from "@callflow/sdk";

import { toChannelValue } from "../shared/channel-value.js";
import { HttpStatusError, ServiceUnavailableError } from "./errors.js";
import { HTTP_SERVICE, type HttpRequest } from "./http-service.js";
import { assignOutputs } from "./outputs.js";
import { integrationHttpSpec, type PreparedIntegrationHttp } from "./spec.js";

export const integrationHttpNode = defineNode(integrationHttpSpec, async (ctx, config) => {
  const http = ctx.services?.get(HTTP_SERVICE);

  if (http === undefined) throw new ServiceUnavailableError(ctx.node.type, "outbound HTTP");
  const request = await buildRequest(ctx, config);
  const response = await http.request(request, { signal: ctx.signal, log: ctx.log });
  const succeeded = response.status >= 200 && response.status < 300;

  if (!succeeded && !config.httpErrorPort) throw new HttpStatusError(request.method, withoutQuery(request.url), response.status);
  await assignOutputs(ctx, config.outputs, "response", { status: response.status, headers: response.headers, body: response.body, url: response.url });
  return succeeded ? "next" : "httpError";
});

async function buildRequest(ctx: NodeContext, config: PreparedIntegrationHttp): Promise<HttpRequest> {
  const headers: Record<string, string> = {};

  for (const header of config.headers) headers[header.name] = await ctx.render(header.value);
  const body = await encodeBody(ctx, config.body, headers);

  return {
    method: config.method,
    url: (await ctx.render(config.url)).trim(),
    headers,
    body,
    secret: config.secret,
    connector: config.connector,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    retryBackoffMs: config.retryBackoffMs,
  };
}

// Sets the content type unless a configured header already does.
async function encodeBody(ctx: NodeContext, body: PreparedIntegrationHttp["body"], headers: Record<string, string>): Promise<string | undefined> {
  if (body === undefined) return undefined;
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");

  if (body.type === "json") {
    if (!hasContentType) headers["content-type"] = "application/json";
    return JSON.stringify((await ctx.evaluate(body.value)) ?? null);
  }
  const form = new URLSearchParams();

  for (const field of body.fields) form.append(field.name, toChannelValue(await ctx.evaluate(field.value)));
  if (!hasContentType) headers["content-type"] = "application/x-www-form-urlencoded";
  return form.toString();
}

// The query often carries account numbers, so error messages show the URL without it.
function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);

  return end === -1 ? url : url.slice(0, end);
}
