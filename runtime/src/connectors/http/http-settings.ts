import { z } from "zod";

// Headers that the runtime sets itself, from the URL, the body and the connector's secret.
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "authorization"]);

/** A header name (an RFC 9110 token) that the runtime does not set itself. */
export const headerNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "a header name such as X-Api-Version")
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "is set by the runtime; put credentials in the connector's secret");

/**
 * Settings of an `http` connector: the base URL that nodes' relative paths resolve against, and
 * headers sent with every request unless the node sets the same header. Credentials are not
 * settings: the connector names a secret.
 *
 * @example
 * { "baseUrl": "https://crm.example.com/api/v2/", "headers": { "accept": "application/json" } }
 */
export const httpConnectorSettingsSchema = z.strictObject({
  /** `http:` or `https:` URL without query or fragment; a path ends with `/` so that node paths append to it. */
  baseUrl: z
    .url({ protocol: /^https?$/, message: "an http:// or https:// URL such as https://crm.example.com/api/" })
    .refine((url) => !/[?#]/.test(url), "a base URL without ? query or # fragment; put those in the node's URL"),
  /** Default headers by name. */
  headers: z.record(headerNameSchema, z.string().max(4000)).default({}),
});

export type HttpConnectorSettings = z.output<typeof httpConnectorSettingsSchema>;
