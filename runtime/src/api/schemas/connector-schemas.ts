import { z } from "zod";

import { CONNECTOR_KINDS } from "../../connectors/connector-directory.js";
import { timestampSchema } from "./common-schemas.js";

/** Name of a connector or secret, as flows write it. */
export const connectorNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "1-64 letters, digits, _, . or -, starting with a letter or digit, such as billing-db");

export const connectorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONNECTOR_KINDS),
  settings: z.record(z.string(), z.unknown()).describe("Settings of the kind, with defaults filled in; never credentials"),
  secret: z.string().nullable().describe("Name of the secret the connector authenticates with"),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export const connectorListSchema = z.object({ items: z.array(connectorSchema) });

export const createConnectorSchema = z
  .object({
    name: connectorNameSchema,
    kind: z.enum(CONNECTOR_KINDS),
    settings: z.record(z.string(), z.unknown()).describe("Validated by the kind's settings schema"),
    secret: connectorNameSchema.nullable().optional().describe("Name of an existing secret of the tenant"),
  })
  .strict();

export const updateConnectorSchema = z
  .object({
    settings: z.record(z.string(), z.unknown()),
    secret: connectorNameSchema.nullable().optional().describe("null or left out: no secret"),
  })
  .strict();

export const secretSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(["basic", "bearer"]),
  createdAt: timestampSchema,
  updatedAt: timestampSchema.describe("When the value was last replaced"),
});

export const secretListSchema = z.object({ items: z.array(secretSummarySchema) });

/** A secret to store: its value is write-only and no route returns it. */
export const putSecretSchema = z.discriminatedUnion("type", [
  z.object({ name: connectorNameSchema, type: z.literal("basic"), username: z.string().min(1).max(500), password: z.string().min(1).max(4000) }).strict(),
  z.object({ name: connectorNameSchema, type: z.literal("bearer"), token: z.string().min(1).max(8000) }).strict(),
]);
