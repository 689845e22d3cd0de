import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { outputsSchema, prepareOutputs, type PreparedOutput } from "../integration-http/outputs.js";
import { ALL_KINDS } from "../shared/kinds.js";
import { SOCKET_ENCODINGS, type SocketConnectorSettings } from "./socket-service.js";

const framingSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("delimiter"), delimiter: z.string().min(1).max(8) }),
  z.object({
    type: z.literal("length"),
    headerBytes: z.union([z.literal(2), z.literal(4)]),
    byteOrder: z.enum(["big", "little"]).default("big"),
    includesHeader: z.boolean().default(false),
  }),
  z.object({ type: z.literal("fixed"), length: z.number().int().min(1).max(65_535), padding: z.string().length(1).default(" ") }),
]);

const correlationSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("json"), path: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "a dot-separated field path such as header.seq") }),
  z.object({ type: z.literal("slice"), start: z.number().int().min(0).max(65_535), length: z.number().int().min(1).max(256) }),
  z.object({
    type: z.literal("pattern"),
    pattern: z
      .string()
      .min(1)
      .max(500)
      .refine((source) => captureGroups(source) >= 1, { message: "a regular expression with one capture group, such as SEQ=(\\d+)" }),
  }),
]);

/** Settings of a TCP connection; a `socket` connector stores the same settings. */
export const socketConnectionSchema = z
  .object({
    /** Host name or IP address of the tenant's system. */
    host: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9.-]{1,253})$/, "a host name or IP address such as billing.example.com"),
    port: z.number().int().min(1).max(65_535),
    /** `short` (default): connect, send, read one reply, close. `long`: one kept-alive connection, replies paired by `correlation`. */
    mode: z.enum(["short", "long"]).default("short"),
    framing: framingSchema,
    /** Default utf8. */
    encoding: z.enum(SOCKET_ENCODINGS).default("utf8"),
    /** Limit of one connection attempt in milliseconds. Default 3,000. */
    connectTimeoutMs: z.number().int().min(100).max(60_000).default(3000),
    correlation: correlationSchema.optional(),
  })
  .superRefine((connection, context) => {
    if (connection.mode === "long" && connection.correlation === undefined) {
      context.addIssue({ code: "custom", path: ["correlation"], message: "a long connection needs a correlation field to pair replies with requests" });
    }
  });

// Letters, digits, `_`, `.` and `-`, as the tenant admin named the connector.
const connectorNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a connector name such as billing-host");

export const integrationSocketConfigSchema = z
  .object({
    /** Inline connection settings; give these or `connector`. */
    connection: socketConnectionSchema.optional(),
    /** Name of the tenant's `socket` connector, whose settings the runtime reads when the node runs. */
    connector: connectorNameSchema.optional(),
    /** Message text with `{{ }}` placeholders, without framing: `QRY|{{ accountNo }}|{{ callId }}`. */
    message: z.string().min(1).max(65_535),
    /** Limit from sending the message to its complete reply, in milliseconds. Default 5,000. */
    replyTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Variables set from the reply, which expressions read as `reply.text` and, for a JSON reply, `reply.json`. */
    outputs: outputsSchema,
  })
  .superRefine((config, context) => {
    if ((config.connection === undefined) === (config.connector === undefined)) {
      context.addIssue({ code: "custom", path: ["connector"], message: "set exactly one of connection (inline settings) and connector (the name of a socket connector)" });
    }
  });

/** The config as `run` uses it. */
export interface PreparedIntegrationSocket {
  /** Inline settings, or the name of the tenant's socket connector. */
  connector: SocketConnectorSettings | { readonly name: string };
  message: CompiledTemplate;
  replyTimeoutMs: number;
  outputs: PreparedOutput[];
}

/** Sends a message to a tenant's system over TCP and sets variables from the reply. */
export const integrationSocketSpec = defineSpec({
  type: "integration.socket",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "Socket request", "zh-Hans": "Socket 请求", "zh-Hant": "Socket 請求" },
  description: {
    en: "Sends a text message over TCP to inline connection settings or a named socket connector (delimiter, length-prefix or fixed-length framing; UTF-8, GBK or Big5) and sets variables from the reply. A long connection stays open and pairs replies with requests by a correlation field. Private and internal addresses are blocked unless the platform operator allows them.",
    "zh-Hans": "通过 TCP 向内联连接设置或具名 Socket 连接器发送文本报文（分隔符、长度前缀或定长分帧；UTF-8、GBK 或 Big5），并从应答设置变量。长连接保持打开，按关联字段将应答与请求配对。除非平台运营方允许，否则禁止访问私有和内部地址。",
    "zh-Hant": "透過 TCP 向內嵌連線設定或具名 Socket 連接器發送文字報文（分隔符、長度前綴或定長分框；UTF-8、GBK 或 Big5），並從回覆設定變數。長連線保持開啟，依關聯欄位將回覆與請求配對。除非平台營運方允許，否則禁止存取私有和內部位址。",
  },
  configSchema: integrationSocketConfigSchema,
  ports: ["next"],
  requiredPorts: ["next"],
  portTitles: { next: { en: "Reply received", "zh-Hans": "收到应答", "zh-Hant": "收到回覆" } },
  capabilities: ["network"],
  prepare(config, tools): PreparedIntegrationSocket {
    return {
      connector: config.connection ?? { name: config.connector! },
      message: tools.template(config.message, "/message"),
      replyTimeoutMs: config.replyTimeoutMs,
      outputs: prepareOutputs(config.outputs, "reply", tools, "/outputs"),
    };
  },
});

// Counts the capture groups by matching the empty string with `|` appended, which always matches.
function captureGroups(source: string): number {
  try {
    return (new RegExp(`${source}|`).exec("")?.length ?? 1) - 1;
  } catch {
    return 0;
  }
}
