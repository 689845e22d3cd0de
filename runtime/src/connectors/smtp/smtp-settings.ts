import { z } from "zod";

/** Host name or IP address, as the database and socket connectors accept it. */
export const connectorHostSchema = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9.-]{1,253})$/, "a host name or IP address such as smtp.example.com");

/**
 * Settings of an `smtp` connector. The user name and password are not settings: the connector
 * names a basic secret (`{ username, password }`) of the tenant, or none for a server without AUTH.
 *
 * @example
 * { "host": "smtp.example.com", "port": 587, "security": "starttls", "from": "Hotline <hotline@example.com>" }
 */
export const smtpConnectorSettingsSchema = z.strictObject({
  host: connectorHostSchema,
  /** Default 587, the submission port. Use 465 with `tls`. */
  port: z.number().int().min(1).max(65_535).default(587),
  /**
   * `starttls` (default): connect in plain text and require STARTTLS before AUTH and the message.
   * `tls`: TLS from the first byte, usually on port 465. `none`: no TLS at all, so the password
   * and the message cross the network readable; only for a relay on a trusted network.
   */
  security: z.enum(["starttls", "tls", "none"], { error: "a security mode: starttls, tls or none" }).default("starttls"),
  /** Sender address, optionally with a display name: `Hotline <hotline@example.com>`. */
  from: z.string().regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/, "a sender address such as hotline@example.com or Hotline <hotline@example.com>"),
  /** PEM certificates of a private certificate authority that signed the server's certificate. */
  ca: z.string().max(65_536).optional(),
  /** Limit of connecting and of the server's greeting, in milliseconds. Default 10,000. */
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Largest total size of a message's attachments in bytes. Default 10 MiB, at most 25 MiB. */
  maxAttachmentBytes: z.number().int().min(1).max(25 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type SmtpConnectorSettings = z.output<typeof smtpConnectorSettingsSchema>;
