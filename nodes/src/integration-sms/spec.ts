import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { connectorNameSchema } from "../integration-email/spec.js";
import { ALL_KINDS } from "../shared/kinds.js";
import { variableNameSchema } from "../shared/schemas.js";

export const integrationSmsConfigSchema = z.object({
  /** The tenant's `smpp` connector: the message center, credentials and source address. */
  connector: connectorNameSchema,
  /** Destination number with `{{ }}` placeholders, such as `{{ callerNumber }}`. */
  to: z.string().min(1, "a destination number is required, such as {{ callerNumber }}").max(200),
  /** Message text with placeholders. Long text is sent in several segments. */
  text: z.string().min(1, "the message text is required").max(5000),
  /**
   * `true`: wait for the delivery receipt and leave by `delivered`, `buffered`, `failed` or
   * `timeout`. `false`: leave by `submitted` once the center accepts the message. Default true.
   */
  waitForReceipt: z.boolean().default(true),
  /** How long to wait for the receipt, in milliseconds. Default 60,000. */
  receiptTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Variable set to `{ messageIds, outcome, stat, error }`, so a flow can record or look up the message later. */
  resultVariable: variableNameSchema.optional(),
});

export type IntegrationSmsConfig = z.output<typeof integrationSmsConfigSchema>;

/** The config as `run` uses it. */
export interface PreparedIntegrationSms {
  connector: string;
  to: CompiledTemplate;
  text: CompiledTemplate;
  waitForReceipt: boolean;
  receiptTimeoutMs: number;
  resultVariable?: string;
}

/** Ports of a node that waits for the delivery receipt. */
export const RECEIPT_PORTS = ["delivered", "buffered", "failed", "timeout"] as const;

/** Sends an SMS through a tenant's SMPP connector and leaves by its delivery outcome. */
export const integrationSmsSpec = defineSpec({
  type: "integration.sms",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "Send SMS", "zh-Hans": "发送短信", "zh-Hant": "傳送簡訊" },
  description: {
    en: "Sends an SMS through the tenant's SMPP connector (Chinese text as UCS-2, long text in segments) and leaves by the delivery receipt: delivered, buffered (temporary failure, the center keeps trying), failed (permanent) or timeout. Set it not to wait to leave by submitted at once.",
    "zh-Hans": "通过租户的 SMPP 连接器发送短信（中文以 UCS-2 编码，长文本分段发送），并按状态报告离开：已送达、缓存（暂时失败，短信中心继续重试）、失败（永久）或超时。设置为不等待时，提交后立即从已提交端口离开。",
    "zh-Hant": "透過租戶的 SMPP 連接器傳送簡訊（中文以 UCS-2 編碼，長文字分段傳送），並依傳送狀態回報離開：已送達、暫存（暫時失敗，簡訊中心繼續重試）、失敗（永久）或逾時。設定為不等待時，提交後立即從已提交連接埠離開。",
  },
  configSchema: integrationSmsConfigSchema,
  ports: (config: IntegrationSmsConfig) => (config.waitForReceipt ? RECEIPT_PORTS : ["submitted"]),
  requiredPorts: (config: IntegrationSmsConfig) => (config.waitForReceipt ? ["delivered"] : ["submitted"]),
  portTitles: {
    delivered: { en: "Delivered", "zh-Hans": "已送达", "zh-Hant": "已送達" },
    buffered: { en: "Buffered (temporary failure)", "zh-Hans": "缓存（暂时失败）", "zh-Hant": "暫存（暫時失敗）" },
    failed: { en: "Failed (permanent)", "zh-Hans": "失败（永久）", "zh-Hant": "失敗（永久）" },
    timeout: { en: "No receipt in time", "zh-Hans": "未按时收到状态报告", "zh-Hant": "未及時收到傳送狀態回報" },
    submitted: { en: "Submitted", "zh-Hans": "已提交", "zh-Hant": "已提交" },
  },
  capabilities: ["network"],
  prepare(config, tools): PreparedIntegrationSms {
    if (config.resultVariable !== undefined) tools.writes(config.resultVariable);
    return {
      connector: config.connector,
      to: tools.template(config.to, "/to"),
      text: tools.template(config.text, "/text"),
      waitForReceipt: config.waitForReceipt,
      receiptTimeoutMs: config.receiptTimeoutMs,
      resultVariable: config.resultVariable,
    };
  },
});
