import { createHash } from "node:crypto";

import type { SmsRequest, SmsRequestContext, SmsResult, SmsService } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import type { EgressGuard } from "../../egress/egress-guard.js";
import { openConnection as openTcpOrTls, type OpenConnection } from "../../egress/open-connection.js";
import { requireConnector, type Connector, type ConnectorDirectory } from "../connector-directory.js";
import type { SecretStore } from "../secrets.js";
import { abortable } from "../smtp/abortable.js";
import { readBasicCredentials } from "../smtp/basic-credentials.js";
import { combineReceipts } from "./delivery-receipt.js";
import { SmppError } from "./smpp-errors.js";
import { SmppLink } from "./smpp-link.js";
import { smppConnectorSettingsSchema, type SmppConnectorSettings } from "./smpp-settings.js";
import { dataCodingFor, encodeSmsText, splitSms, type SmsPart } from "./sms-encoding.js";

/** Options of a {@link GuardedSmsService}. */
export interface GuardedSmsServiceOptions {
  readonly guard: EgressGuard;
  readonly connectors: ConnectorDirectory;
  readonly secrets: SecretStore;
  /** Opens connections to checked addresses. Default: TCP or TLS to the address. */
  readonly openConnection?: OpenConnection;
  /** Logger for binds, which outlive any one call. Default silent. */
  readonly log?: Logger;
}

/**
 * Sends a tenant's SMS through its `smpp` connectors. Each connector keeps one
 * bind_transceiver, opened through the egress guard on first use; a connector whose settings
 * or secret change gets a new bind.
 */
export class GuardedSmsService implements SmsService {
  private readonly links = new Map<string, SmppLink>();

  constructor(private readonly options: GuardedSmsServiceOptions) {}

  async send(request: SmsRequest, context: SmsRequestContext): Promise<SmsResult> {
    const connector = await requireConnector(this.options.connectors, request.connector, "smpp");
    const settings = parseSettings(connector);
    const link = await this.linkFor(connector, settings);
    const parts = partsFor(request.text, settings, link);
    const messageIds = await abortable(link.submit(request.to, parts, settings.longMessage === "payload"), context.signal);

    context.log.info({ connector: connector.name, messageIds, segments: parts.length }, "SMS submitted");
    if (!request.waitForReceipt) return { messageIds };
    const receipts = await link.waitForReceipts(messageIds, request.receiptTimeoutMs, context.signal);

    if (receipts === undefined) {
      context.log.warn({ connector: connector.name, messageIds, timeoutMs: request.receiptTimeoutMs }, "SMS delivery receipt timed out");
      return { messageIds };
    }
    const deciding = combineReceipts(receipts);

    return { messageIds, outcome: deciding.outcome, stat: deciding.stat, error: deciding.error };
  }

  /** Unbinds every connector's connection. */
  close(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  private async linkFor(connector: Connector, settings: SmppConnectorSettings): Promise<SmppLink> {
    if (connector.secret === undefined) {
      throw new SmppError("invalid-connector-settings", `smpp connector "${connector.name}" names no secret; a tenant admin must name a basic secret whose username is the system_id`);
    }
    const credentials = await readBasicCredentials(this.options.secrets, connector.secret, "smpp");
    // The key changes with the settings and credentials, so an edited connector binds anew; the hash keeps the password out of the key.
    const key = `${connector.name}\u0000${createHash("sha256").update(JSON.stringify([settings, credentials])).digest("hex")}`;
    const existing = this.links.get(key);

    if (existing !== undefined) return existing;
    for (const [oldKey, old] of this.links) {
      if (!oldKey.startsWith(`${connector.name}\u0000`)) continue;
      old.close();
      this.links.delete(oldKey);
    }
    const link = new SmppLink({
      connector: connector.name,
      settings,
      credentials,
      guard: this.options.guard,
      openConnection: this.options.openConnection ?? openTcpOrTls,
      log: this.options.log ?? silentLogger,
    });

    this.links.set(key, link);
    return link;
  }
}

function partsFor(text: string, settings: SmppConnectorSettings, link: SmppLink): SmsPart[] {
  if (settings.longMessage === "segments") return splitSms(text, link.nextReference());
  const dataCoding = dataCodingFor(text);

  return [{ dataCoding, shortMessage: encodeSmsText(text, dataCoding), hasHeader: false }];
}

function parseSettings(connector: Connector): SmppConnectorSettings {
  const parsed = smppConnectorSettingsSchema.safeParse(connector.settings);

  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];

  throw new SmppError("invalid-connector-settings", `smpp connector "${connector.name}" has invalid settings: ${issue.path.join(".") || "settings"} ${issue.message}; a tenant admin must correct it`);
}
