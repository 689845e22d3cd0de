import { PLATFORM_PERMISSIONS, TENANT_PERMISSIONS } from "@callflow/db";
import { INTERFACE_LOCALES } from "@callflow/sdk";
import { z } from "zod";

import { timestampSchema } from "./common-schemas.js";

/** A session as the API describes it. */
export const sessionSchema = z.object({
  kind: z.enum(["tenant", "platform"]),
  user: z.object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    locale: z.enum(INTERFACE_LOCALES).nullable().describe("The user's own locale; null means the browser's or the tenant's"),
    roles: z.array(z.string()).optional().describe("Platform roles, for platform users"),
  }),
  tenant: z
    .object({ id: z.string(), name: z.string(), status: z.enum(["active", "suspended"]), defaultLocale: z.enum(INTERFACE_LOCALES) })
    .nullable()
    .describe("The tenant of a tenant's user; null for a platform user"),
  permissions: z.array(z.enum([...TENANT_PERMISSIONS, ...PLATFORM_PERMISSIONS])),
  locale: z.enum(INTERFACE_LOCALES).describe("The locale of this session's messages"),
  expiresAt: timestampSchema,
});

/** The response of a sign-in. */
export const signInResponseSchema = z.object({
  token: z.string().describe("Bearer token; the server keeps only its SHA-256 hash"),
  session: sessionSchema,
});
