import type { EgressGuard } from "../../egress/egress-guard.js";
import { openConnection as openSystemConnection, type OpenConnection } from "../../egress/open-connection.js";
import { InvalidUrlError, RedirectError } from "./http-errors.js";
import { exchange, type RawResponse } from "./http-exchange.js";

/** Maximum redirects followed in a row; a longer chain fails as a likely loop. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Options of an {@link HttpClient}. */
export interface HttpClientOptions {
  readonly guard: EgressGuard;
  /** Largest response body in bytes. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Opens connections to checked addresses. Default: TCP or TLS to the address; tests watch it. */
  readonly openConnection?: OpenConnection;
}

/** A request as the client sends it. */
export interface ClientRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A request with its parsed URL, as each redirect hop sends it. */
type Hop = Omit<ClientRequest, "url"> & { readonly url: URL };

/** The final response and the URL it came from. */
export interface ClientResponse extends RawResponse {
  readonly url: string;
}

/**
 * Sends HTTP requests to tenant-configured URLs. Each hop, redirects included, passes the egress
 * guard before any connection opens, and connects to the address the guard checked.
 */
export class HttpClient {
  private readonly guard: EgressGuard;
  private readonly maxResponseBytes: number;
  private readonly openConnection: OpenConnection;

  constructor(options: HttpClientOptions) {
    this.guard = options.guard;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.openConnection = options.openConnection ?? openSystemConnection;
  }

  /**
   * Sends the request and follows up to {@link MAX_REDIRECTS} redirects. A 303, and a 301 or 302
   * after POST, becomes a GET without body; the `authorization` header is dropped when a
   * redirect leaves the origin.
   *
   * @throws InvalidUrlError, RedirectError, EgressBlockedError, DestinationLookupError,
   *   InvalidResponseError, a socket error, or the signal's reason when it aborts
   */
  async send(request: ClientRequest, signal: AbortSignal): Promise<ClientResponse> {
    let hop: Hop = { ...request, url: parseUrl(request.url) };

    for (let redirects = 0; ; redirects++) {
      const destination = await this.guard.resolve(hop.url.hostname, portOf(hop.url), signal);
      const response = await exchange(destination, hop, { signal, maxResponseBytes: this.maxResponseBytes, openConnection: this.openConnection });
      const location = response.headers.location;

      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return { ...response, url: hop.url.href };
      if (redirects === MAX_REDIRECTS) throw new RedirectError(`${request.method} ${request.url} redirected more than ${MAX_REDIRECTS} times; request the final URL`);
      hop = redirected(hop, response.status, location);
    }
  }
}

function redirected(hop: Hop, status: number, location: string): Hop {
  const next = parseUrl(new URL(location, hop.url).href);

  if (hop.url.protocol === "https:" && next.protocol === "http:") {
    throw new RedirectError(`${hop.url.origin} redirected to ${next.origin}, from https to http, which the client does not follow`);
  }
  const toGet = status === 303 ? hop.method !== "HEAD" : (status === 301 || status === 302) && hop.method === "POST";
  const headers = Object.fromEntries(
    Object.entries(hop.headers).filter(([name]) => {
      const lower = name.toLowerCase();

      if (lower === "authorization" || lower === "cookie") return next.origin === hop.url.origin;
      return !(toGet && lower === "content-type");
    }),
  );

  return { method: toGet ? "GET" : hop.method, url: next, headers, body: toGet ? undefined : hop.body };
}

function parseUrl(text: string): URL {
  let url: URL;

  try {
    url = new URL(text);
  } catch {
    throw new InvalidUrlError(text, "it is not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidUrlError(text, `the scheme is ${url.protocol}; use http: or https:`);
  if (url.username !== "" || url.password !== "") throw new InvalidUrlError(url.origin, "it contains credentials; name a secret in the node's auth instead");
  return url;
}

function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
