import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { staticPathProblem } from "../integration-file/spec.js";
import { ALL_KINDS } from "../shared/kinds.js";
import { variableNameSchema } from "../shared/schemas.js";

/** Name of a connector that a tenant admin defined, such as `office-mail`. */
export const connectorNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a connector name such as office-mail");

/** Addresses with `{{ }}` placeholders, separated by commas or semicolons. */
const addressListSchema = z.string().max(4000);

const attachmentSchema = z.object({
  /** Path in the tenant's storage with `{{ }}` placeholders, such as `reports/{{ callId }}.pdf`. */
  path: z
    .string()
    .min(1)
    .max(1024)
    .superRefine((path, context) => {
      const problem = path.includes("{{") ? undefined : staticPathProblem(path);

      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    }),
  /** Attachment file name in the message, with placeholders. Default: the last segment of the path. */
  filename: z.string().min(1).max(255).optional(),
});

export const integrationEmailConfigSchema = z
  .object({
    /** The tenant's `smtp` connector: server, sender address and credentials. */
    connector: connectorNameSchema,
    to: addressListSchema.min(1, "add at least one recipient, such as {{ customerEmail }}"),
    cc: addressListSchema.default(""),
    bcc: addressListSchema.default(""),
    subject: z.string().min(1, "a subject is required").max(998),
    /** Plain-text body with placeholders. */
    text: z.string().max(1_000_000).optional(),
    /** HTML body with placeholders; values are inserted as they are, without HTML escaping. */
    html: z.string().max(1_000_000).optional(),
    attachments: z.array(attachmentSchema).max(10).default([]),
    /** Limit of the whole exchange with the server, connecting included, in milliseconds. Default 30,000. */
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
    /** Variable set to `{ messageId, accepted, rejected }` after the server accepts the message. */
    resultVariable: variableNameSchema.optional(),
  })
  .superRefine((config, context) => {
    if (config.text === undefined && config.html === undefined) {
      context.addIssue({ code: "custom", path: ["text"], message: "a body is required: set text, html or both" });
    }
  });

/** The config as `run` uses it. */
export interface PreparedIntegrationEmail {
  connector: string;
  to: CompiledTemplate;
  cc: CompiledTemplate;
  bcc: CompiledTemplate;
  subject: CompiledTemplate;
  text?: CompiledTemplate;
  html?: CompiledTemplate;
  attachments: Array<{ path: CompiledTemplate; filename?: CompiledTemplate }>;
  timeoutMs: number;
  resultVariable?: string;
}

/** Sends an email through a tenant's SMTP connector. */
export const integrationEmailSpec = defineSpec({
  type: "integration.email",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "Send email", "zh-Hans": "发送邮件", "zh-Hant": "傳送電子郵件" },
  description: {
    en: "Sends an email through the tenant's SMTP connector, with subject and body from templates such as {{ customerName }} and attachments from the tenant's storage. Leaves by error when the server rejects the message or every recipient.",
    "zh-Hans": "通过租户的 SMTP 连接器发送邮件，主题和正文取自模板（例如 {{ customerName }}），附件取自租户存储。服务器拒绝邮件或全部收件人时从错误端口离开。",
    "zh-Hant": "透過租戶的 SMTP 連接器傳送電子郵件，主旨和內文取自範本（例如 {{ customerName }}），附件取自租戶儲存空間。伺服器拒絕郵件或全部收件人時從錯誤連接埠離開。",
  },
  configSchema: integrationEmailConfigSchema,
  ports: ["ok"],
  requiredPorts: ["ok"],
  portTitles: { ok: { en: "Sent", "zh-Hans": "已发送", "zh-Hant": "已傳送" } },
  capabilities: ["network", "storage"],
  prepare(config, tools): PreparedIntegrationEmail {
    if (config.resultVariable !== undefined) tools.writes(config.resultVariable);
    return {
      connector: config.connector,
      to: tools.template(config.to, "/to"),
      cc: tools.template(config.cc, "/cc"),
      bcc: tools.template(config.bcc, "/bcc"),
      subject: tools.template(config.subject, "/subject"),
      text: config.text === undefined ? undefined : tools.template(config.text, "/text"),
      html: config.html === undefined ? undefined : tools.template(config.html, "/html"),
      attachments: config.attachments.map((attachment, index) => ({
        path: tools.template(attachment.path, `/attachments/${index}/path`),
        filename: attachment.filename === undefined ? undefined : tools.template(attachment.filename, `/attachments/${index}/filename`),
      })),
      timeoutMs: config.timeoutMs,
      resultVariable: config.resultVariable,
    };
  },
});
