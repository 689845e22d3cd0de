import { FLOW_KINDS } from "@callflow/sdk";
import { z } from "zod";

const portSchema = z.object({ name: z.string(), title: z.string().describe("Title in the caller's locale; the port name when the node gives none") });

/** One node type in the catalogue. */
export const nodeTypeSchema = z.object({
  type: z.string().describe("Type name, such as ivr.menu"),
  version: z.number().int(),
  category: z.string(),
  kinds: z.array(z.enum(FLOW_KINDS)).describe("Flow kinds the node may appear in"),
  title: z.string(),
  description: z.string(),
  configSchema: z.unknown().describe("JSON Schema (draft 2020-12) of the node's config, as the editor writes it"),
  ports: z.object({
    dependsOnConfig: z.boolean(),
    note: z.string().nullable().describe("Explains config-dependent ports; null for static ones"),
    ports: z.array(portSchema).describe("Static ports, or the titled ports a config-dependent node may add"),
  }),
  errorPort: portSchema.describe("The port every node may leave by when it fails"),
  requiredPorts: z.array(z.string()).nullable().describe("Ports that must be connected; null when they depend on the config"),
  waits: z.enum(["caller", "time", "none", "depends-on-config"]),
  iterationBound: z.boolean().describe("Whether the node bounds its own repetitions, such as a menu's attempts"),
  capabilities: z.array(z.string()),
  terminal: z.boolean().describe("True for nodes after which the flow ends"),
});

/** The node catalogue. */
export const nodeCatalogueSchema = z.object({ items: z.array(nodeTypeSchema) });
