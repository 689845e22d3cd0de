import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

import type { CheckedDestination } from "../../egress/egress-guard.js";
import type { OpenConnection } from "../../egress/open-connection.js";
import { InvalidResponseError } from "./http-errors.js";

/** One request, without redirects. */
export interface ExchangeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response with its whole body. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Options of {@link exchange}. */
export interface ExchangeOptions {
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
  readonly openConnection: OpenConnection;
}

/**
 * Sends one request over a new connection to the checked address and reads the whole response.
 * The connection goes through `openConnection`, never through a resolver, and is not reused.
 *
 * @throws InvalidResponseError when the body exceeds `maxResponseBytes`; the signal's reason when it aborts
 */
export function exchange(destination: CheckedDestination, request: ExchangeRequest, options: ExchangeOptions): Promise<RawResponse> {
  const { url, body } = request;
  const tls = url.protocol === "https:" ? {} : undefined;
  const headers: Record<string, string> = { ...request.headers, host: url.host, connection: "close" };

  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  return new Promise<RawResponse>((resolve, reject) => {
    const outgoing = httpRequest({
      method: request.method,
      host: url.hostname,
      port: destination.port,
      path: `${url.pathname}${url.search}`,
      headers,
      setHost: false,
      signal: options.signal,
      createConnection: () => options.openConnection(destination, tls),
    });

    outgoing.on("error", (error) => reject(options.signal.aborted ? options.signal.reason : error));
    outgoing.on("response", (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;

      incoming.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          incoming.destroy();
          reject(new InvalidResponseError(`${request.method} ${url.origin}${url.pathname} returned more than ${options.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on("error", (error) => reject(options.signal.aborted ? options.signal.reason : error));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: flattenHeaders(incoming.headers), body: Buffer.concat(chunks) }));
    });
    outgoing.end(body);
  });
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};

  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
