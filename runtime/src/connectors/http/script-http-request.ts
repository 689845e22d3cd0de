import { HTTP_METHODS, type HttpRequest } from "@callflow/nodes";
import { z } from "zod";

import { headerNameSchema } from "./http-settings.js";

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

// A scheme such as `file:` or a network path such as `//host` would leave the connector's base URL.
const LEAVES_BASE_URL = /^([A-Za-z][A-Za-z0-9+.-]*:|\/\/|\\)/;

/**
 * The options of `host.http.request(...)` as a script passes them. The script is tenant code and
 * its arguments arrive as JSON, so every field is checked and an unknown one is an error.
 */
export const scriptHttpRequestSchema = z
  .strictObject({
    /** Default GET. */
    method: z.enum(HTTP_METHODS).default("GET"),
    /** One of the node's `httpConnectors`, which may be left out when the node names only one. */
    connector: z.string().optional(),
    /** Path relative to the connector's base URL, such as `customers/42`. "" is the base URL itself. */
    path: z
      .string()
      .max(2000)
      .refine((path) => !LEAVES_BASE_URL.test(path), "a path relative to the connector's base URL, such as customers/42; remove the scheme and host")
      .default(""),
    /** Query parameters, encoded and appended to the path. */
    query: z.record(z.string(), scalarSchema).optional(),
    headers: z.record(headerNameSchema, z.string().max(4000)).default({}),
    /** Sent as JSON, or as UTF-8 text when it is a string. */
    body: z.unknown().optional(),
    /** Sent as application/x-www-form-urlencoded, instead of `body`. */
    form: z.record(z.string(), scalarSchema).optional(),
    /** Limit of the request in milliseconds, at most the node's deadline. Default: the node's deadline. */
    timeoutMs: z.number().int().min(1).max(60_000).optional(),
  })
  .superRefine((options, context) => {
    if (options.body !== undefined && options.form !== undefined) context.addIssue({ code: "custom", path: ["form"], message: "give body or form, not both" });
    if ((options.body !== undefined || options.form !== undefined) && (options.method === "GET" || options.method === "HEAD")) {
      context.addIssue({ code: "custom", path: ["body"], message: `a ${options.method} request has no body; use POST, PUT or PATCH` });
    }
  });

export type ScriptHttpRequest = z.output<typeof scriptHttpRequestSchema>;

/** Options of a script's request that fail {@link scriptHttpRequestSchema}, or name a connector the node does not list. */
export class ScriptHttpRequestError extends Error {
  readonly code = "invalid-script-http-request";

  constructor(message: string) {
    super(message);
    this.name = "ScriptHttpRequestError";
  }
}

/**
 * Checks the options a script passed and returns them with defaults.
 *
 * @throws ScriptHttpRequestError naming the first invalid field and the fix
 */
export function parseScriptHttpRequest(options: unknown): ScriptHttpRequest {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ScriptHttpRequestError(`the request options are ${describe(options)}; pass an object such as { path: "customers/42" }`);
  }
  const result = scriptHttpRequestSchema.safeParse(options);

  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length === 0 ? "the request options" : issue.path.map(String).join(".");

  throw new ScriptHttpRequestError(`invalid HTTP request: ${field}: ${issueMessage(issue)}`);
}

// zod reports a bad record key and an unknown option in general words; these name the fix.
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  if (issue.code === "unrecognized_keys") return `unknown option ${issue.keys.map((key) => `"${key}"`).join(", ")}; the options are ${Object.keys(scriptHttpRequestSchema.shape).join(", ")}`;
  return issue.message;
}

/**
 * Picks the connector of a request: the one it names, which must be among the node's, or the
 * node's only one.
 *
 * @throws ScriptHttpRequestError when the name is not among `allowed`, or left out while the node names several
 */
export function pickConnector(requested: string | undefined, allowed: readonly string[]): string {
  if (requested === undefined) {
    if (allowed.length === 1) return allowed[0];
    throw new ScriptHttpRequestError(`the node names the HTTP connectors ${allowed.join(", ")}; say which one, such as { connector: "${allowed[0]}", path: "..." }`);
  }
  if (!allowed.includes(requested)) {
    throw new ScriptHttpRequestError(`HTTP connector "${requested}" is not named by this node (it names ${allowed.join(", ")}); add it to the node's httpConnectors`);
  }
  return requested;
}

/**
 * Builds the request for the tenant's HTTP service: the path with its query, the body with its
 * content type unless a header sets one, and no retries, because the script decides whether to
 * repeat a request.
 */
export function toHttpRequest(options: ScriptHttpRequest, connector: string, timeoutMs: number): HttpRequest {
  const headers: Record<string, string> = { ...options.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
  let body: string | undefined;

  if (options.form !== undefined) {
    body = encodeForm(options.form);
    if (!hasContentType) headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (typeof options.body === "string") {
    body = options.body;
    if (!hasContentType) headers["content-type"] = "text/plain; charset=utf-8";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!hasContentType) headers["content-type"] = "application/json";
  }
  return { method: options.method, url: withQuery(options.path, options.query), headers, body, connector, timeoutMs, retries: 0, retryBackoffMs: 0 };
}

function withQuery(path: string, query: ScriptHttpRequest["query"]): string {
  if (query === undefined || Object.keys(query).length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${encodeForm(query)}`;
}

function encodeForm(fields: Readonly<Record<string, string | number | boolean>>): string {
  return new URLSearchParams(Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)])).toString();
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
