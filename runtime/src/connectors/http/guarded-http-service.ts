import { IDEMPOTENT_METHODS, type HttpRequest, type HttpRequestContext, type HttpResponse, type HttpService } from "@callflow/nodes";

import { authorizationFor, type SecretStore } from "../secrets.js";
import { decodeBody } from "./decode-body.js";
import type { ClientResponse, HttpClient } from "./http-client.js";
import { HttpTimeoutError } from "./http-errors.js";
import { isRetryable, retryDelayMs, sleep } from "./retry-policy.js";

type Attempt = { status: number; response: ClientResponse } | { error: unknown };

/**
 * The runtime's {@link HttpService} for one tenant: sets the `authorization` header from the
 * tenant's secret, limits each attempt to the request's timeout, and repeats idempotent requests
 * after timeouts, connection failures and statuses 408, 429, 500, 502, 503 and 504.
 */
export class GuardedHttpService implements HttpService {
  private readonly client: HttpClient;
  private readonly secrets: SecretStore;

  constructor(client: HttpClient, secrets: SecretStore) {
    this.client = client;
    this.secrets = secrets;
  }

  async request(request: HttpRequest, context: HttpRequestContext): Promise<HttpResponse> {
    const { signal, log } = context;
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
