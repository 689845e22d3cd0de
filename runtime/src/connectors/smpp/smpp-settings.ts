import { z } from "zod";

import { connectorHostSchema } from "../smtp/smtp-settings.js";

/** SMPP type of number (TON): 0 unknown, 1 international, 2 national, 5 alphanumeric, up to 6 abbreviated. */
const tonSchema = z.number().int().min(0).max(6);

/** SMPP numbering plan indicator (NPI), such as 1 for ISDN (E.164) numbers. */
const npiSchema = z.number().int().min(0).max(18);

/**
 * Settings of an `smpp` connector. The system_id and password are not settings: the connector
 * names a basic secret whose username is the system_id.
 *
 * @example
 * { "host": "smsc.carrier.example", "port": 2775, "sourceAddress": "BANK", "sourceTon": 5, "sourceNpi": 0 }
 */
export const smppConnectorSettingsSchema = z.strictObject({
  host: connectorHostSchema,
  /** Default 2775, the usual SMPP port. */
  port: z.number().int().min(1).max(65_535).default(2775),
  /** Connect with TLS, verified against `host`. Default false. */
  tls: z.boolean().default(false),
  /** PEM certificates of a private certificate authority that signed the center's certificate. */
  ca: z.string().max(65_536).optional(),
  /** The bind's system_type, if the center requires one. Default empty. */
  systemType: z.string().max(12).default(""),
  /** Sender shown to the recipient: a number, or up to 11 letters with sourceTon 5. */
  sourceAddress: z.string().min(1).max(20),
  /** Default 0 (unknown). */
  sourceTon: tonSchema.default(0),
  /** Default 0 (unknown). */
  sourceNpi: npiSchema.default(0),
  /** Default 1 (international): destination numbers include the country code. */
  destinationTon: tonSchema.default(1),
  /** Default 1 (ISDN, E.164). */
  destinationNpi: npiSchema.default(1),
  /**
   * Sending mode of text longer than one SMS. `segments` (default): several submit_sm with a
   * concatenation header, one message id each. `payload`: one submit_sm with the whole text in
   * the message_payload parameter, for centers that split it themselves.
   */
  longMessage: z.enum(["segments", "payload"], { error: "segments or payload" }).default("segments"),
  /** Ask for intermediate receipts (ENROUTE, ACCEPTD) as well as final ones. Default false. */
  intermediateReceipts: z.boolean().default(false),
  /** Limit of connecting and binding, in milliseconds. Default 10,000. */
  bindTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Limit of one submit_sm response, in milliseconds. Default 10,000. */
  submitTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Interval of enquire_link on an idle bind, in milliseconds. Default 30,000. */
  enquireLinkMs: z.number().int().min(1000).max(600_000).default(30_000),
});

export type SmppConnectorSettings = z.output<typeof smppConnectorSettingsSchema>;
