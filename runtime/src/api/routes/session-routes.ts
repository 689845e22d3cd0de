import {
  createPlatformSession,
  createTenantSession,
  deletePlatformSession,
  deleteTenantSession,
  findPlatformSession,
  findTenantByName,
  findTenantSession,
  hashPassword,
  verifyLogin,
  verifyPassword,
  verifyPlatformLogin,
  type PlatformSession,
  type TenantSession,
} from "@callflow/db";
import type { InterfaceLocale } from "@callflow/sdk";
import { z } from "zod";

import { localeFromAcceptLanguage } from "../accept-language.js";
import { ApiError } from "../api-error.js";
import type { ApiServices } from "../api-services.js";
import { publicRoute, signedInRoute, type ApiRoute, type Auth } from "../route.js";
import { sessionSchema, signInResponseSchema } from "../schemas/session-schemas.js";
import { newPlatformToken, newTenantToken } from "../session-token.js";

const SIGN_IN_ACTOR = { kind: "system", name: "api-sign-in" } as const;

const signInSchema = z.object({
  tenant: z.string().min(1).max(200).optional().describe("Name of the tenant; leave it out to sign in as a platform user"),
  login: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

// Verified against when the tenant does not exist, so that an unknown tenant costs as much time
// as a wrong password and response times do not reveal which tenants exist.
let unknownTenantHash: Promise<string> | undefined;

/** Builds the JSON view of a session: who is signed in, where, with which permissions. */
export function sessionView(session: TenantSession | PlatformSession, locale: InterfaceLocale) {
  return {
    kind: session.kind,
    user: session.user,
    tenant: session.kind === "tenant" ? session.tenant : null,
    permissions: session.permissions,
    locale,
    expiresAt: session.expiresAt.toISOString(),
  };
}

// A session read back right after it was stored is missing only when it has already expired.
function readBack<S>(session: S | null): S {
  if (session === null) {
    throw new Error("the new session expired before it could be read back; raise sessionTtlMs above a few seconds");
  }
  return session;
}

function loginFailed(): ApiError {
  return new ApiError(401, "login-failed");
}

async function signInTenantUser(services: ApiServices, input: z.infer<typeof signInSchema> & { tenant: string }) {
  const { db } = services;
  const tenant = await db.withPlatform(SIGN_IN_ACTOR, (platform) => findTenantByName(platform, input.tenant));

  if (!tenant) {
    unknownTenantHash ??= hashPassword("unknown tenant");
    await verifyPassword(input.password, await unknownTenantHash);
    throw loginFailed();
  }

  return db.withTenant(tenant.id, async (scope) => {
    const user = await verifyLogin(scope, input.login, input.password);

    if (!user) {
      throw loginFailed();
    }
    if (tenant.status === "suspended") {
      throw new ApiError(403, "tenant-suspended");
    }

    const { token, hash } = newTenantToken(tenant.id);
    await createTenantSession(scope, { tokenHash: hash, userId: user.id, expiresAt: new Date(services.now().getTime() + services.sessionTtlMs) });
    return { token, session: readBack(await findTenantSession(scope, hash)) };
  });
}

async function signInPlatformUser(services: ApiServices, input: z.infer<typeof signInSchema>) {
  return services.db.withPlatform(SIGN_IN_ACTOR, async (platform) => {
    const user = await verifyPlatformLogin(platform, input.login, input.password);

    if (!user) {
      throw loginFailed();
    }

    const { token, hash } = newPlatformToken();
    await createPlatformSession(platform, { tokenHash: hash, platformUserId: user.id, expiresAt: new Date(services.now().getTime() + services.sessionTtlMs) });
    return { token, session: readBack(await findPlatformSession(platform, hash)) };
  });
}

async function signOut(auth: Auth): Promise<void> {
  if (auth.kind === "tenant") {
    await deleteTenantSession(auth.scope, auth.tokenHash);
  } else {
    await deletePlatformSession(auth.platform, auth.tokenHash);
  }
}

/**
 * Builds the routes that sign in, describe the current session and sign out.
 *
 * NOTE: sign-in attempts are not rate-limited. The scrypt cost of each attempt (0.42 s on one
 * core at the default parameters, per password.ts) is the only brake on password guessing.
 */
export function sessionRoutes(): ApiRoute[] {
  return [
    publicRoute(
      {
        method: "POST",
        path: "/api/sessions",
        operationId: "signIn",
        summary: "Signs in with tenant, login and password, and returns a bearer token",
        tag: "sessions",
        body: signInSchema,
        responses: { 201: { description: "Signed in. Send the token as `Authorization: Bearer <token>`.", schema: signInResponseSchema } },
        errors: [401, 403],
      },
      async ({ body, services, request }) => {
        const signedIn = body.tenant === undefined ? await signInPlatformUser(services, body) : await signInTenantUser(services, { ...body, tenant: body.tenant });
        const session = signedIn.session;
        const requested = localeFromAcceptLanguage(request.headers["accept-language"]);
        const sessionLocale = session.kind === "platform" ? session.user.locale : (session.user.locale ?? requested ?? session.tenant.defaultLocale);

        services.logger.info({ kind: session.kind, userId: session.user.id, tenantId: session.kind === "tenant" ? session.tenant.id : null }, "user signed in");
        return { status: 201, body: { token: signedIn.token, session: sessionView(session, sessionLocale) } };
      },
    ),
    signedInRoute(
      {
        method: "GET",
        path: "/api/sessions/current",
        operationId: "getCurrentSession",
        summary: "Returns the signed-in user, tenant, permissions and locale",
        tag: "sessions",
        responses: { 200: { description: "The current session.", schema: sessionSchema } },
      },
      async ({ auth, locale }) => ({ body: sessionView(auth.session, locale) }),
    ),
    signedInRoute(
      {
        method: "DELETE",
        path: "/api/sessions/current",
        operationId: "signOut",
        summary: "Signs out: the token stops working at once",
        tag: "sessions",
        responses: { 204: { description: "Signed out." } },
      },
      async ({ auth }) => {
        await signOut(auth);
        return { status: 204 };
      },
    ),
  ];
}
