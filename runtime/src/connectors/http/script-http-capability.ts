import type { HttpService } from "@callflow/nodes";
import type { Logger } from "@callflow/sdk";

import type { HostCallContext, ScriptCapability } from "../../sandbox/index.js";
import { parseScriptHttpRequest, pickConnector, ScriptHttpRequestError, toHttpRequest } from "./script-http-request.js";

/** Limits of the HTTP requests that scripts send. */
export interface ScriptHttpLimits {
  /** Requests one script run may send. Default 10. */
  readonly maxRequests: number;
  /** Largest response body in bytes. The request fails as soon as more arrives. Default 131,072 (128 KiB). */
  readonly maxResponseBytes: number;
}

/** Limits that apply unless the runtime's options change them. */
export const DEFAULT_SCRIPT_HTTP_LIMITS: ScriptHttpLimits = Object.freeze({ maxRequests: 10, maxResponseBytes: 131_072 });

/** Response that a script's `host.http` call resolves with, for any status. */
export interface ScriptHttpResponse {
  readonly status: number;
  /** True for a status from 200 to 299. */
  readonly ok: boolean;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for a JSON content type, otherwise the decoded text ("" without a body). */
  readonly body: unknown;
}

/** One run's HTTP grant. */
export interface ScriptHttpGrant {
  /** The tenant's HTTP service, whose client stops reading a response at the limit's size. */
  readonly http: HttpService;
  /** The connectors that the script's node names. */
  readonly connectors: readonly string[];
  /** The node's deadline in milliseconds, which is also the longest timeout of each request. */
  readonly deadlineMs: number;
  readonly maxRequests: number;
  readonly log: Logger;
}

/**
 * Builds the `http` capability of one script run: `host.http.request(options)`,
 * `host.http.get(path, options)` and `host.http.post(path, body, options)`. It counts the run's
 * requests, so a new one is built for each run. The requests go through the tenant's HTTP service,
 * and so through its egress guard, connectors and secrets. The runtime process sends them, not the
 * worker process that runs the script.
 *
 * @example
 * sandbox.run(tenantId, request, { capabilities: [scriptHttpCapability({ http, connectors: ["crm"], deadlineMs: 1000, maxRequests: 10, log })] });
 */
export function scriptHttpCapability(grant: ScriptHttpGrant): ScriptCapability {
  let sent = 0;
  const send = async (options: unknown, context: HostCallContext): Promise<ScriptHttpResponse> => {
    sent++;
    if (sent > grant.maxRequests) throw new ScriptHttpRequestError(`the script may send at most ${grant.maxRequests} HTTP requests in one run`);
    const parsed = parseScriptHttpRequest(options);
    const connector = pickConnector(parsed.connector, grant.connectors);
    const timeoutMs = Math.min(parsed.timeoutMs ?? grant.deadlineMs, grant.deadlineMs);
    const response = await grant.http.request(toHttpRequest(parsed, connector, timeoutMs), { signal: context.signal, log: grant.log });

    return { status: response.status, ok: response.status >= 200 && response.status < 300, headers: response.headers, body: response.body };
  };

  return {
    name: "http",
    functions: {
      request: ([options], context) => send(options, context),
      get: ([path, options], context) => send({ ...optionsObject("get", options), method: "GET", path }, context),
      post: ([path, body, options], context) => send({ ...optionsObject("post", options), method: "POST", path, body }, context),
    },
  };
}

function optionsObject(name: string, options: unknown): object {
  if (options === undefined) return {};
  if (options !== null && typeof options === "object" && !Array.isArray(options)) return options;
  throw new ScriptHttpRequestError(`the options of host.http.${name} are not an object; pass them as { query: { id: 42 } }, for example`);
}
