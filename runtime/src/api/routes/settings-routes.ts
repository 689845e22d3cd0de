import { auditTenantChange, platformUsers, tenants, updateUser } from "@callflow/db";
import { INTERFACE_LOCALES } from "@callflow/sdk";
import { eq } from "drizzle-orm";
import { z } from "zod";

import { invalidRequest } from "../api-error.js";
import { signedInRoute, tenantRoute, type ApiRoute } from "../route.js";
import { tenantSettingsSchema, updateOwnLocaleSchema, updateTenantSettingsSchema } from "../schemas/tenant-admin-schemas.js";

const ownLocaleSchema = z.object({ locale: z.enum(INTERFACE_LOCALES).nullable() });

/**
 * Builds the routes on settings: the tenant's default locale and encryption switch, which tenant
 * admins change, and each signed-in user's own locale.
 */
export function settingsRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "settings.manage",
      {
        method: "GET",
        path: "/api/settings",
        operationId: "getTenantSettings",
        summary: "Returns the tenant's name, default locale and sensitive-data encryption switch",
        tag: "settings",
        responses: { 200: { description: "The settings.", schema: tenantSettingsSchema } },
      },
      async ({ auth }) => {
        const [settings] = await auth.scope.tx
          .select({ name: tenants.name, defaultLocale: tenants.defaultLocale, sensitiveDataEncryption: tenants.sensitiveDataEncryption })
          .from(tenants)
          .where(eq(tenants.id, auth.scope.tenantId));

        return { body: settings };
      },
    ),
    tenantRoute(
      "settings.manage",
      {
        method: "PATCH",
        path: "/api/settings",
        operationId: "updateTenantSettings",
        summary: "Changes the tenant's default locale or switches encryption of sensitive values, which applies to new calls",
        tag: "settings",
        body: updateTenantSettingsSchema,
        responses: { 200: { description: "The settings after the change.", schema: tenantSettingsSchema } },
      },
      // Only the platform path writes `tenants`; the audit row names the tenant's user as actor.
      async ({ auth, body, services, log }) => {
        const tenant = await services.db.withPlatform({ kind: "user", id: auth.session.user.id }, (platform) => platform.updateTenantSettings(auth.scope.tenantId, body));

        log.info({ tenantId: tenant.id, userId: auth.session.user.id, changed: Object.keys(body) }, "tenant settings changed");
        return { body: { name: tenant.name, defaultLocale: tenant.defaultLocale, sensitiveDataEncryption: tenant.sensitiveDataEncryption } };
      },
    ),
    signedInRoute(
      {
        method: "PATCH",
        path: "/api/me",
        operationId: "updateOwnLocale",
        summary: "Sets the signed-in user's own interface locale",
        tag: "settings",
        body: updateOwnLocaleSchema,
        responses: { 200: { description: "The locale after the change.", schema: ownLocaleSchema } },
      },
      async ({ auth, body }) => {
        if (auth.kind === "tenant") {
          await updateUser(auth.scope, auth.session.user.id, { locale: body.locale });
          await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "user.locale.update", { userId: auth.session.user.id, locale: body.locale });
          return { body: { locale: body.locale } };
        }
        // A platform user's locale is never null: it is the only source of their messages' locale.
        if (body.locale === null) {
          throw invalidRequest("body.locale: a platform user needs a locale; choose one of en, zh-Hans, zh-Hant", { issues: [{ path: "body.locale", message: "must not be null" }] });
        }
        await auth.platform.tx.update(platformUsers).set({ locale: body.locale }).where(eq(platformUsers.id, auth.session.user.id));
        await auth.platform.audit("platform-user.locale.update", null, { platformUserId: auth.session.user.id, locale: body.locale });
        return { body: { locale: body.locale } };
      },
    ),
  ];
}
