import type { Logger, ServiceKey } from "@callflow/sdk";

/** HTTP methods the node sends. */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that RFC 9110 defines as idempotent, so a failed attempt may be sent again. */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** One request as the node built it. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Absolute `http:` or `https:` URL; with `connector`, a path relative to the connector's base URL. */
  readonly url: string;
  /** Header names as configured; values already rendered. */
  readonly headers: Readonly<Record<string, string>>;
  /** Encoded body; its `content-type` is among the headers. */
  readonly body?: string;
  /**
   * Name of the tenant's secret that authenticates the request. The runtime reads it and sets
   * the `authorization` header, so the credential never enters the flow's variables or trace.
   */
  readonly secret?: string;
  /**
   * Name of the tenant's `http` connector. The runtime resolves `url` against its base URL, adds
   * its default headers and uses its secret when `secret` is not set.
   */
  readonly connector?: string;
  /** Limit of one attempt, lookup and redirects included, in milliseconds. */
  readonly timeoutMs: number;
  /** Attempts after the first when an idempotent request fails in a way worth repeating. */
  readonly retries: number;
  /** Delay before the first repeat in milliseconds; it doubles for each further one. */
  readonly retryBackoffMs: number;
}

/** The final response, after redirects. */
export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for a JSON content type, otherwise the decoded text ("" without a body). */
  readonly body: unknown;
  /** URL of the final response, which differs from the request's after a redirect. */
  readonly url: string;
}

/** Context of one request: the caller's hang-up signal and the node's logger. */
export interface HttpRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Outbound HTTP through the platform's egress guard. */
export interface HttpService {
  /**
   * Sends the request, following redirects (each checked by the egress guard again) and
   * repeating it as `retries` allows. Resolves with any status; rejects when no response arrives
   * or the destination is blocked.
   */
  request(request: HttpRequest, context: HttpRequestContext): Promise<HttpResponse>;
}

/** Key of the {@link HttpService} in `NodeContext.services`. */
export const HTTP_SERVICE: ServiceKey<HttpService> = { name: "http" };
