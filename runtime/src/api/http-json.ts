import type { IncomingMessage, ServerResponse } from "node:http";

import { ApiError } from "./api-error.js";

/**
 * Reads a request body of at most `maxBytes` bytes.
 *
 * @throws ApiError `body-too-large` (413) as soon as the limit is passed, before the rest
 *   arrives.
 */
export async function readBodyBytes(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);

  if (declared > maxBytes) {
    throw new ApiError(413, "body-too-large", { limit: maxBytes });
  }

  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new ApiError(413, "body-too-large", { limit: maxBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON request body of at most `maxBytes` bytes. Returns undefined for an empty body.
 *
 * @throws ApiError `body-too-large` (413) as soon as the limit is passed, before the rest
 *   arrives. Throws `unsupported-media-type` (415) for a body not declared as JSON, and
 *   `invalid-json` (400) for a body that does not parse.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBodyBytes(request, maxBytes);

  if (body.length === 0) {
    return undefined;
  }

  const contentType = request.headers["content-type"] ?? "";
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType)) {
    throw new ApiError(415, "unsupported-media-type");
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ApiError(400, "invalid-json", { detail: (error as Error).message });
  }
}

/** Sends `body` as JSON with `status`; a 204 gets no body. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    response.writeHead(204, headers).end();
    return;
  }

  const text = JSON.stringify(body);

  response
    .writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      "cache-control": "no-store",
      ...headers,
    })
    .end(text);
}
