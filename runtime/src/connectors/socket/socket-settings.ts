import { socketConnectionSchema } from "@callflow/nodes";

/**
 * Settings of a `socket` connector: the same host, port, mode, framing, encoding, connect
 * timeout and correlation field that an integration.socket node may give inline.
 *
 * @example
 * { "host": "billing.example.com", "port": 7001, "framing": { "type": "delimiter", "delimiter": "\n" } }
 */
export const socketConnectorSettingsSchema = socketConnectionSchema;
