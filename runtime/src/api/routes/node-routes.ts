import { FLOW_KINDS } from "@callflow/sdk";
import { z } from "zod";

import { describeNodeSpec } from "../node-catalogue.js";
import { tenantRoute, type ApiRoute } from "../route.js";
import { nodeCatalogueSchema } from "../schemas/node-schemas.js";

/** Builds `GET /api/nodes`, the catalogue of registered node types. */
export function nodeRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "flows.read",
      {
        method: "GET",
        path: "/api/nodes",
        operationId: "listNodeTypes",
        summary: "Lists every registered node type with its config JSON Schema, ports and titles in the caller's locale",
        tag: "nodes",
        query: z.object({ kind: z.enum(FLOW_KINDS).optional().describe("Only node types allowed in this flow kind") }),
        responses: { 200: { description: "The node types, in registration order.", schema: nodeCatalogueSchema } },
      },
      async ({ query, services, locale }) => {
        const kind = query.kind;
        const specs = services.registry.list().map((entry) => entry.spec);
        const allowed = kind === undefined ? specs : specs.filter((spec) => spec.kinds.includes(kind));

        return { body: { items: allowed.map((spec) => describeNodeSpec(spec, locale)) } };
      },
    ),
  ];
}
