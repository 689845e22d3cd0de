import { isIP, type Socket } from "node:net";
import { posix } from "node:path";

import type { MailAttachment, MailMessage, MailRequestContext, MailResult, MailService } from "@callflow/nodes";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

import type { CheckedDestination, EgressGuard } from "../../egress/egress-guard.js";
import { formatHostPort } from "../../egress/egress-error.js";
import { openConnection as openTcpOrTls, type OpenConnection } from "../../egress/open-connection.js";
import { requireConnector, type ConnectorDirectory } from "../connector-directory.js";
import type { TenantStorage } from "../file/tenant-storage.js";
import type { SecretStore } from "../secrets.js";
import { abortable } from "./abortable.js";
import { readBasicCredentials } from "./basic-credentials.js";
import { SmtpError, smtpErrorFrom } from "./smtp-errors.js";
import { smtpConnectorSettingsSchema, type SmtpConnectorSettings } from "./smtp-settings.js";

/** Options of a {@link GuardedMailService}. */
export interface GuardedMailServiceOptions {
  readonly guard: EgressGuard;
  readonly connectors: ConnectorDirectory;
  readonly secrets: SecretStore;
  /** The tenant's storage, where attachments are read. Default: none, so a message with attachments fails. */
  readonly storage?: TenantStorage;
  /** Opens connections to checked addresses. Default: TCP or TLS to the address. */
  readonly openConnection?: OpenConnection;
}

/**
 * Sends a tenant's email through its `smtp` connectors with nodemailer. The server's host is
 * resolved and checked by the egress guard, and nodemailer gets a socket already connected to
 * the checked address, so it never resolves the name itself. TLS still verifies the
 * certificate against the configured host name.
 */
export class GuardedMailService implements MailService {
  private readonly openConnection: OpenConnection;

  constructor(private readonly options: GuardedMailServiceOptions) {
    this.openConnection = options.openConnection ?? openTcpOrTls;
  }

  async send(message: MailMessage, context: MailRequestContext): Promise<MailResult> {
    const connector = await requireConnector(this.options.connectors, message.connector, "smtp");
    const settings = parseSettings(message.connector, connector.settings);
    const credentials = connector.secret === undefined ? undefined : await readBasicCredentials(this.options.secrets, connector.secret, "smtp");
    const attachments = await this.readAttachments(message.attachments, settings.maxAttachmentBytes);
    const target = formatHostPort(settings.host, settings.port);
    const timeout = AbortSignal.any([context.signal, AbortSignal.timeout(message.timeoutMs)]);
    const destination = await this.options.guard.resolve(settings.host, settings.port, timeout);
    const transportOptions: SMTPTransport.Options = {
      host: destination.address,
      port: settings.port,
      secure: settings.security === "tls",
      requireTLS: settings.security === "starttls",
      ignoreTLS: settings.security === "none",
      tls: { servername: isIP(destination.host) === 0 ? destination.host : undefined, ca: settings.ca },
      auth: credentials === undefined ? undefined : { user: credentials.username, pass: credentials.password },
      connectionTimeout: settings.connectTimeoutMs,
      greetingTimeout: settings.connectTimeoutMs,
      socketTimeout: message.timeoutMs,
      // Attachments arrive as bytes already read from the tenant's storage; nodemailer reads no path or URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      getSocket: (_options, callback) => {
        this.connect(destination, settings, timeout).then(
          (socket) => callback(null, { connection: socket, secured: settings.security === "tls" }),
          (error: unknown) => callback(error as Error, undefined),
        );
      },
    };
    const transport = nodemailer.createTransport(transportOptions);

    try {
      const info = await abortable(
        transport.sendMail({ from: settings.from, to: [...message.to], cc: [...message.cc], bcc: [...message.bcc], subject: message.subject, text: message.text, html: message.html, attachments }),
        timeout,
      );
      const result = { messageId: info.messageId, accepted: info.accepted.map(addressText), rejected: info.rejected.map(addressText) };

      context.log.info({ connector: message.connector, messageId: result.messageId, accepted: result.accepted.length, rejected: result.rejected.length }, "email sent");
      return result;
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      if (timeout.aborted) throw new SmtpError("smtp-timeout", `sending through SMTP server ${target} timed out after ${message.timeoutMs} ms; check that it is up, or raise the node's timeout`);
      throw smtpErrorFrom(error, message.connector, target);
    } finally {
      transport.close();
    }
  }

  private async readAttachments(attachments: readonly MailAttachment[], maxBytes: number): Promise<Array<{ filename: string; content: Buffer }>> {
    if (attachments.length === 0) return [];
    if (this.options.storage === undefined) {
      throw new SmtpError("invalid-connector-settings", "attachments need the tenant's file storage, which this runtime does not offer; ask the platform operator to set a storage folder");
    }
    const read: Array<{ filename: string; content: Buffer }> = [];
    let total = 0;

    for (const attachment of attachments) {
      const content = await this.options.storage.readBytes(attachment.path, maxBytes - total);

      total += content.length;
      read.push({ filename: attachment.filename ?? posix.basename(attachment.path), content });
    }
    return read;
  }

  private connect(destination: CheckedDestination, settings: SmtpConnectorSettings, signal: AbortSignal): Promise<Socket> {
    const tls = settings.security === "tls";
    const socket = this.openConnection(destination, tls ? { ca: settings.ca } : undefined);

    return new Promise((resolve, reject) => {
      const fail = (error: unknown): void => {
        signal.removeEventListener("abort", onAbort);
        socket.destroy();
        reject(error);
      };
      const onAbort = (): void => fail(signal.reason);

      signal.addEventListener("abort", onAbort, { once: true });
      socket.once("error", fail);
      socket.once(tls ? "secureConnect" : "connect", () => {
        signal.removeEventListener("abort", onAbort);
        socket.off("error", fail);
        // SMTP is a dialogue of short commands and replies, so Nagle's algorithm would only delay them.
        socket.setNoDelay(true);
        resolve(socket);
      });
    });
  }
}

function parseSettings(name: string, settings: unknown): SmtpConnectorSettings {
  const parsed = smtpConnectorSettingsSchema.safeParse(settings);

  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];

  throw new SmtpError("invalid-connector-settings", `smtp connector "${name}" has invalid settings: ${issue.path.join(".") || "settings"} ${issue.message}; a tenant admin must correct it`);
}

function addressText(address: string | { address: string }): string {
  return typeof address === "string" ? address : address.address;
}
