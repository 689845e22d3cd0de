import type { IncomingMessage, ServerResponse } from "node:http";

import { apiDeclaration, resourceListing } from "../api-docs/api-docs.js";
import type { AsteriskCore } from "../core/asterisk.js";
import { ASTERISK_VERSION } from "../options.js";
import { AriError, type AriResponse } from "./ari-response.js";
import { authenticate, AUTH_REALM } from "./auth.js";
import { RequestParams } from "./request-params.js";
import type { Router } from "./router.js";

/** One request as the server handled it. */
export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path below `/ari`, without the query string. */
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
  user?: string;
}

/** Test hooks consulted for every authenticated request before the route runs. */
export interface RequestInterceptor {
  /** A reply to send instead of running the route, and delays before or after the route. */
  intercept(method: string, path: string): { reply?: AriResponse; delayBeforeMs?: number; delayAfterMs?: number };
  record(entry: RequestLogEntry): void;
}

/** Serves one ARI HTTP request: authentication, API docs, then the route. */
export async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  context: { core: AsteriskCore; router: Router; interceptor: RequestInterceptor },
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  const path = url.pathname.startsWith("/ari/") ? url.pathname.slice("/ari".length) : undefined;
  const entry: RequestLogEntry = { at: context.core.now(), method, path: path ?? url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
  const reply = await answer(request, url, path, entry, context);

  entry.status = reply.status;
  context.interceptor.record(entry);
  send(response, reply);
}

async function answer(
  request: IncomingMessage,
  url: URL,
  path: string | undefined,
  entry: RequestLogEntry,
  { core, router, interceptor }: { core: AsteriskCore; router: Router; interceptor: RequestInterceptor },
): Promise<AriResponse> {
  if (path === undefined) return { status: 404, body: { message: "Not found" } };

  const user = authenticate(request, url.searchParams, core.options.users);

  if (!user) {
    return { status: 401, body: { message: "Authentication required" }, headers: { "WWW-Authenticate": `Basic realm="${AUTH_REALM}"` } };
  }
  entry.user = user.username;
  if (user.readOnly && request.method !== "GET") return { status: 403, body: { message: "Write access denied" } };

  const docs = serveApiDocs(request, path);

  if (docs) return docs;

  const body = await readJsonBody(request);

  if (body instanceof AriError) return { status: body.status, body: body.body };
  entry.body = body;

  const hook = interceptor.intercept(request.method ?? "GET", path);

  if (hook.delayBeforeMs) await sleep(core, hook.delayBeforeMs);
  if (hook.reply) return hook.reply;

  const reply = route(request.method ?? "GET", path, url.searchParams, body, { core, router });

  if (hook.delayAfterMs) await sleep(core, hook.delayAfterMs);
  return reply;
}

function route(method: string, path: string, query: URLSearchParams, body: unknown, { core, router }: { core: AsteriskCore; router: Router }): AriResponse {
  const match = router.match(method, path);

  if (match.kind === "no-path") return { status: 404, body: { message: "Resource not found" } };
  if (match.kind === "no-method") return { status: 405, body: { message: "Invalid method" } };
  try {
    const objectBody = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

    return match.handler(new RequestParams(match.path, query, objectBody), core);
  } catch (error) {
    if (error instanceof AriError) return { status: error.status, body: error.body };
    core.options.logger.error({ err: error, method, path }, "ARI test server route failed");
    return { status: 500, body: { message: "Internal Server Error" } };
  }
}

/** `GET /ari/api-docs/resources.json` and `GET /ari/api-docs/<resource>.json`, with `basePath` for this host. */
function serveApiDocs(request: IncomingMessage, path: string): AriResponse | undefined {
  const match = /^\/api-docs\/([a-z]+)\.json$/.exec(path);

  if (!match || request.method !== "GET") return undefined;

  const basePath = `http://${request.headers.host ?? "127.0.0.1"}/ari`;
  const document = match[1] === "resources" ? resourceListing(basePath) : apiDeclaration(match[1], basePath);

  return document ? { status: 200, body: document } : { status: 404, body: { message: "Resource not found" } };
}

/** Reads a JSON body; other content types are ignored, as Asterisk does. */
async function readJsonBody(request: IncomingMessage): Promise<unknown | AriError> {
  const chunks: Buffer[] = [];

  for await (const chunk of request) chunks.push(chunk as Buffer);

  const text = Buffer.concat(chunks).toString("utf8");

  if (text.trim() === "" || !(request.headers["content-type"] ?? "").includes("application/json")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return new AriError(400, "Error parsing request body");
  }
}

function sleep(core: AsteriskCore, ms: number): Promise<void> {
  return new Promise((resolve) => core.after(ms, resolve));
}

function send(response: ServerResponse, reply: AriResponse): void {
  const headers: Record<string, string> = { Server: `Asterisk/${ASTERISK_VERSION}`, "Cache-Control": "no-cache, no-store", ...reply.headers };

  if (reply.raw) {
    response.writeHead(reply.status, { ...headers, "Content-Type": reply.raw.contentType, "Content-Length": String(reply.raw.data.length) });
    response.end(reply.raw.data);
    return;
  }
  if (reply.body === undefined) {
    response.writeHead(reply.status, { ...headers, "Content-Length": "0" });
    response.end();
    return;
  }

  const text = JSON.stringify(reply.body);

  response.writeHead(reply.status, { ...headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) });
  response.end(text);
}
