import { z } from "zod";

import type { ConnectorKind } from "./connector-directory.js";
import { databaseConnectorSettingsSchema } from "./database/database-settings.js";
import { httpConnectorSettingsSchema } from "./http/http-settings.js";
import { smppConnectorSettingsSchema } from "./smpp/smpp-settings.js";
import { smtpConnectorSettingsSchema } from "./smtp/smtp-settings.js";
import { socketConnectorSettingsSchema } from "./socket/socket-settings.js";

/**
 * The settings schema of each connector kind, which the API validates connectors against before
 * it stores them, and the runtime again when it loads them.
 */
export const CONNECTOR_SETTINGS_SCHEMAS: Record<ConnectorKind, z.ZodType<Record<string, unknown>>> = {
  database: databaseConnectorSettingsSchema,
  http: httpConnectorSettingsSchema,
  socket: socketConnectorSettingsSchema,
  smtp: smtpConnectorSettingsSchema,
  smpp: smppConnectorSettingsSchema,
};

/** Settings that fail their kind's schema, with one line per problem. */
export class ConnectorSettingsError extends Error {
  readonly code = "invalid-connector-settings";
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(kind: ConnectorKind, issues: ReadonlyArray<{ path: string; message: string }>) {
    super(`invalid ${kind} connector settings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`);
    this.name = "ConnectorSettingsError";
    this.issues = issues;
  }
}

/** Returns whether connectors of `kind` can be defined on this runtime. */
export function isSupportedConnectorKind(kind: ConnectorKind): boolean {
  return CONNECTOR_SETTINGS_SCHEMAS[kind] !== undefined;
}

/**
 * Validates a connector's settings against its kind's schema and returns them with defaults.
 *
 * @throws ConnectorSettingsError when they fail the schema, or the kind has no schema here
 */
export function parseConnectorSettings(kind: ConnectorKind, settings: unknown): Record<string, unknown> {
  const schema = CONNECTOR_SETTINGS_SCHEMAS[kind];

  if (schema === undefined) {
    throw new ConnectorSettingsError(kind, [{ path: "kind", message: `${kind} connectors are not supported by this runtime yet; use one of ${supportedKinds().join(", ")}` }]);
  }
  const result = schema.safeParse(settings);

  if (!result.success) {
    throw new ConnectorSettingsError(kind, result.error.issues.map((issue) => ({ path: ["settings", ...issue.path.map(String)].join("."), message: issue.message })));
  }
  return result.data;
}

/** Returns the kinds that have a settings schema. */
export function supportedKinds(): ConnectorKind[] {
  return (Object.keys(CONNECTOR_SETTINGS_SCHEMAS) as ConnectorKind[]).filter(isSupportedConnectorKind);
}
