import { defineSpec, type CompiledExpression, type CompiledTemplate, type PrepareTools } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { expressionSchema } from "../shared/schemas.js";
import { HTTP_METHODS, IDEMPOTENT_METHODS, type HttpMethod } from "./http-service.js";
import { outputsSchema, prepareOutputs, type PreparedOutput } from "./outputs.js";

// Headers that the runtime sets itself: from the URL, the body and the named secret.
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "authorization"]);

const headerSchema = z.object({
  /** Header name (an RFC 9110 token). */
  name: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "a header name such as X-Request-Id")
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
      message: "is set by the node itself; use auth for Authorization, and the URL and body for the others",
    }),
  /** Value with `{{ }}` placeholders. */
  value: z.string().max(4000),
});

const bodySchema = z.discriminatedUnion("type", [
  /** JSON body: the expression's value, such as `{ "account": accountNo }`. */
  z.object({ type: z.literal("json"), value: expressionSchema }),
  /** Form body (application/x-www-form-urlencoded): one field per expression. */
  z.object({
    type: z.literal("form"),
    fields: z.array(z.object({ name: z.string().min(1).max(200), value: expressionSchema })).min(1, "add at least one field"),
  }),
]);

export const integrationHttpConfigSchema = z
  .object({
    /** Default GET. */
    method: z.enum(HTTP_METHODS).default("GET"),
    /**
     * URL with `{{ }}` placeholders: `https://crm.example.com/customers/{{ $encodeUrlComponent(accountNo) }}`.
     * With `connector`, a path relative to the connector's base URL, such as `customers/{{ accountNo }}`.
     */
    url: z.string().max(2000),
    /**
     * Name of the tenant's `http` connector. The runtime resolves `url` against its base URL,
     * adds its default headers under the node's own, and authenticates with its secret unless
     * `auth` names another.
     */
    connector: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a connector name such as crm-api").optional(),
    headers: z.array(headerSchema).max(50).default([]),
    body: bodySchema.optional(),
    /** Name of the tenant's secret (basic or bearer credentials) that authenticates the request. */
    auth: z.object({ secret: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a secret name such as crm-api") }).optional(),
    /** Limit of one attempt in milliseconds, redirects included. Default 10,000. */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
    /** Attempts after the first for idempotent methods (GET, HEAD, PUT, DELETE). Default 2 for those, 0 otherwise. */
    retries: z.number().int().min(0).max(5).optional(),
    /** Delay before the first repeat in milliseconds; it doubles each time. Default 500. */
    retryBackoffMs: z.number().int().min(0).max(10_000).default(500),
    /** Variables set from the response, which expressions read as `response.status`, `response.headers`, `response.body`. */
    outputs: outputsSchema,
    /** Leave by `httpError` on a status outside 200-299, with outputs set; otherwise such a status leaves by `error`. Default false. */
    httpErrorPort: z.boolean().default(false),
  })
  .superRefine((config, context) => {
    checkUrl(config.url, config.connector, context);
    if ((config.retries ?? 0) > 0 && !IDEMPOTENT_METHODS.has(config.method)) {
      context.addIssue({ code: "custom", path: ["retries"], message: `${config.method} is not idempotent, so it is never repeated; set retries to 0` });
    }
    if (config.body !== undefined && (config.method === "GET" || config.method === "HEAD")) {
      context.addIssue({ code: "custom", path: ["body"], message: `a ${config.method} request has no body; use POST, PUT or PATCH` });
    }
  });

const ABSOLUTE_URL = /^(https?:\/\/|\{\{)/i;
// A scheme such as `file:` or a network path such as `//host` would leave the connector's base URL.
const LEAVES_BASE_URL = /^([A-Za-z][A-Za-z0-9+.-]*:|\/\/|\\)/;

function checkUrl(url: string, connector: string | undefined, context: z.RefinementCtx): void {
  if (connector === undefined && !ABSOLUTE_URL.test(url)) {
    context.addIssue({ code: "custom", path: ["url"], message: "an http:// or https:// URL such as https://crm.example.com/customers/{{accountNo}}, or a relative path with a connector" });
  }
  if (connector !== undefined && LEAVES_BASE_URL.test(url)) {
    context.addIssue({ code: "custom", path: ["url"], message: `a path relative to connector ${connector}'s base URL, such as customers/{{accountNo}}; remove the scheme and host` });
  }
}

export type IntegrationHttpConfig = z.output<typeof integrationHttpConfigSchema>;

/** The config as `run` uses it. */
export interface PreparedIntegrationHttp {
  method: HttpMethod;
  url: CompiledTemplate;
  headers: Array<{ name: string; value: CompiledTemplate }>;
  body?: { type: "json"; value: CompiledExpression } | { type: "form"; fields: Array<{ name: string; value: CompiledExpression }> };
  secret?: string;
  connector?: string;
  timeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  outputs: PreparedOutput[];
  httpErrorPort: boolean;
}

/** Sends an HTTP request to a tenant's system and sets variables from the response. */
export const integrationHttpSpec = defineSpec({
  type: "integration.http",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "HTTP request", "zh-Hans": "HTTP 请求", "zh-Hant": "HTTP 請求" },
  description: {
    en: "Sends an HTTP request, to a full URL or a path under a named HTTP connector (JSON or form body, credentials from a named secret), and sets variables from the response with JSONata, such as response.body.balance. Private and internal addresses are blocked unless the platform operator allows them.",
    "zh-Hans": "向完整 URL 或具名 HTTP 连接器下的路径发送 HTTP 请求（JSON 或表单正文，凭据取自具名密钥），并用 JSONata 从响应设置变量，例如 response.body.balance。除非平台运营方允许，否则禁止访问私有和内部地址。",
    "zh-Hant": "向完整 URL 或具名 HTTP 連接器下的路徑發送 HTTP 請求（JSON 或表單本文，憑證取自具名密鑰），並用 JSONata 從回應設定變數，例如 response.body.balance。除非平台營運方允許，否則禁止存取私有和內部位址。",
  },
  configSchema: integrationHttpConfigSchema,
  ports: (config: IntegrationHttpConfig) => (config.httpErrorPort ? ["next", "httpError"] : ["next"]),
  requiredPorts: ["next"],
  portTitles: {
    next: { en: "Success", "zh-Hans": "成功", "zh-Hant": "成功" },
    httpError: { en: "HTTP error status", "zh-Hans": "HTTP 错误状态", "zh-Hant": "HTTP 錯誤狀態" },
  },
  capabilities: ["network"],
  prepare(config, tools): PreparedIntegrationHttp {
    return {
      method: config.method,
      url: tools.template(config.url, "/url"),
      headers: config.headers.map((header, index) => ({ name: header.name, value: tools.template(header.value, `/headers/${index}/value`) })),
      body: prepareBody(config.body, tools),
      secret: config.auth?.secret,
      connector: config.connector,
      timeoutMs: config.timeoutMs,
      retries: config.retries ?? (IDEMPOTENT_METHODS.has(config.method) ? 2 : 0),
      retryBackoffMs: config.retryBackoffMs,
      outputs: prepareOutputs(config.outputs, "response", tools, "/outputs"),
      httpErrorPort: config.httpErrorPort,
    };
  },
});

function prepareBody(body: IntegrationHttpConfig["body"], tools: PrepareTools): PreparedIntegrationHttp["body"] {
  if (body === undefined) return undefined;
  if (body.type === "json") return { type: "json", value: tools.expression(body.value, "/body/value") };
  return {
    type: "form",
    fields: body.fields.map((field, index) => ({ name: field.name, value: tools.expression(field.value, `/body/fields/${index}/value`) })),
  };
}
