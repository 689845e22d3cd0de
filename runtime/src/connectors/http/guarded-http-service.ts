import { IDEMPOTENT_METHODS, type HttpRequest, type HttpRequestContext, type HttpResponse, type HttpService } from "@callflow/nodes";

import { MemoryConnectorDirectory, requireConnector, type ConnectorDirectory } from "../connector-directory.js";
import { parseConnectorSettings } from "../connector-kinds.js";
import { authorizationFor, type SecretStore } from "../secrets.js";
import { decodeBody } from "./decode-body.js";
import type { ClientResponse, HttpClient } from "./http-client.js";
import { HttpTimeoutError } from "./http-errors.js";
import type { HttpConnectorSettings } from "./http-settings.js";
import { isRetryable, retryDelayMs, sleep } from "./retry-policy.js";

type Attempt = { status: number; response: ClientResponse } | { error: unknown };

/**
 * The runtime's {@link HttpService} for one tenant: resolves a request that names an `http`
 * connector against its base URL and default headers, sets the `authorization` header from the
 * tenant's secret, limits each attempt to the request's timeout, and repeats idempotent requests
 * after timeouts, connection failures and statuses 408, 429, 500, 502, 503 and 504.
 */
export class GuardedHttpService implements HttpService {
  private readonly client: HttpClient;
  private readonly secrets: SecretStore;
  private readonly connectors: ConnectorDirectory;

  /** `connectors` are the tenant's; default none, so a request that names a connector fails. */
  constructor(client: HttpClient, secrets: SecretStore, connectors: ConnectorDirectory = new MemoryConnectorDirectory()) {
    this.client = client;
    this.secrets = secrets;
    this.connectors = connectors;
  }

  async request(nodeRequest: HttpRequest, context: HttpRequestContext): Promise<HttpResponse> {
    const { signal, log } = context;
    const request = nodeRequest.connector === undefined ? nodeRequest : await this.applyConnector(nodeRequest, nodeRequest.connector);
    const headers = request.secret === undefined ? request.headers : { ...request.headers, authorization: await authorizationFor(this.secrets, request.secret) };
    const attempts = 1 + (IDEMPOTENT_METHODS.has(request.method) ? request.retries : 0);
    const target = withoutQuery(request.url);

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt({ ...request, headers }, signal);

      if (attempt >= attempts || !isRetryable(outcome)) return finish(outcome, request);
      const retryAfter = "response" in outcome ? outcome.response.headers["retry-after"] : undefined;
      const delayMs = retryDelayMs(attempt, request.retryBackoffMs, retryAfter);
      const reason = "status" in outcome ? { status: outcome.status } : { err: outcome.error };

      log.warn({ method: request.method, url: target, attempt, delayMs, ...reason }, "retrying HTTP request");
      await sleep(delayMs, signal);
    }
  }

  /**
   * Resolves the request's relative URL against the connector's base URL, adds the connector's
   * headers that the node does not set itself, and takes the connector's secret unless the node
   * names one.
   *
   * @throws ConnectorNotFoundError when the tenant has no http connector of that name
   */
  private async applyConnector(request: HttpRequest, name: string): Promise<HttpRequest> {
    const connector = await requireConnector(this.connectors, name, "http");
    const settings = parseConnectorSettings("http", connector.settings) as HttpConnectorSettings;
    const url = new URL(request.url, settings.baseUrl);

    if (url.origin !== new URL(settings.baseUrl).origin) {
      throw new TypeError(`the URL "${request.url}" leaves the host of connector ${name}; give a path relative to its base URL`);
    }
    const ownHeaders = new Set(Object.keys(request.headers).map((header) => header.toLowerCase()));
    const headers: Record<string, string> = {};

    for (const [header, value] of Object.entries(settings.headers)) {
      if (!ownHeaders.has(header.toLowerCase())) headers[header] = value;
    }
    return { ...request, url: url.href, headers: { ...headers, ...request.headers }, secret: request.secret ?? connector.secret, connector: undefined };
  }

  private async attempt(request: HttpRequest, signal: AbortSignal): Promise<Attempt> {
    const timeout = AbortSignal.timeout(request.timeoutMs);

    try {
      const response = await this.client.send(request, AbortSignal.any([signal, timeout]));

      return { status: response.status, response };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) return { error: new HttpTimeoutError(request.method, withoutQuery(request.url), request.timeoutMs) };
      return { error };
    }
  }
}

function finish(outcome: Attempt, request: HttpRequest): HttpResponse {
  if ("error" in outcome) throw outcome.error;
  const { response } = outcome;
  const body = request.method === "HEAD" ? "" : decodeBody(response.body, response.headers["content-type"], `${request.method} ${withoutQuery(request.url)}`);

  return { status: response.status, headers: response.headers, body, url: response.url };
}

// Error messages and logs name the scheme, host and path only, because queries often carry account numbers.
function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);

  return end === -1 ? url : url.slice(0, end);
}
