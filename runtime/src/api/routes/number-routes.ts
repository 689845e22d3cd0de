import { listPhoneNumbers, updatePhoneNumber } from "@callflow/db";
import { z } from "zod";

import { tenantRoute, type ApiRoute } from "../route.js";
import { phoneNumberListSchema, phoneNumberSchema, updatePhoneNumberSchema } from "../schemas/admin-schemas.js";
import { idSchema } from "../schemas/common-schemas.js";

/** Builds the routes on a tenant's called numbers: list them, and choose their flow and caller id. */
export function numberRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "numbers.manage",
      {
        method: "GET",
        path: "/api/numbers",
        operationId: "listNumbers",
        summary: "Lists the tenant's called numbers with the flow that takes the calls of each",
        tag: "numbers",
        responses: { 200: { description: "The numbers, in number order.", schema: phoneNumberListSchema } },
      },
      async ({ auth }) => ({ body: { items: await listPhoneNumbers(auth.scope) } }),
    ),
    tenantRoute(
      "numbers.manage",
      {
        method: "PATCH",
        path: "/api/numbers/:numberId",
        operationId: "updateNumber",
        summary: "Sets the flow that takes a number's calls and its outbound caller id; the platform operator adds and removes numbers",
        tag: "numbers",
        entity: "phone number",
        params: z.object({ numberId: idSchema }),
        body: updatePhoneNumberSchema,
        responses: { 200: { description: "The number after the change.", schema: phoneNumberSchema } },
      },
      async ({ auth, params, body }) => ({ body: await updatePhoneNumber(auth.scope, params.numberId, body) }),
    ),
  ];
}
