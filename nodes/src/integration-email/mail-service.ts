import type { Logger, ServiceKey } from "@callflow/sdk";

/** A file from the tenant's storage to attach. */
export interface MailAttachment {
  /** Path relative to the tenant's storage root, checked by the same rules as the file node's. */
  readonly path: string;
  /** Attachment file name in the message. Default: the last segment of `path`. */
  readonly filename?: string;
}

/** One message as the node built it, with every template rendered. */
export interface MailMessage {
  /** Name of the tenant's `smtp` connector, which sets the server, the sender and the credentials. */
  readonly connector: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  /** Plain-text body; at least one of `text` and `html` is set. */
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly MailAttachment[];
  /** Limit of the whole exchange with the server, connecting included, in milliseconds. */
  readonly timeoutMs: number;
}

/** The server's acceptance of a message. */
export interface MailResult {
  /** The Message-ID header of the sent message. */
  readonly messageId: string;
  readonly accepted: readonly string[];
  /** Recipients the server rejected while it accepted others; when it rejects all of them, `send` rejects. */
  readonly rejected: readonly string[];
}

/** Context of one message: the caller's hang-up signal and the node's logger. */
export interface MailRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Outbound email over SMTP through the platform's egress guard. */
export interface MailService {
  /** Sends the message; rejects when the connector, a secret or an attachment is missing, or the server rejects the message or every recipient. */
  send(message: MailMessage, context: MailRequestContext): Promise<MailResult>;
}

/** Key of the {@link MailService} in `NodeContext.services`. */
export const MAIL_SERVICE: ServiceKey<MailService> = { name: "mail" };
