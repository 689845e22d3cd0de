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

/** Reason of a failed sign-in, as the log and the audit log record it. */
type SignInFailure = "unknown-tenant" | "wrong-credentials" | "tenant-suspended";

/**
 * Logs a failed sign-in and writes it to the audit log: the tenant's own log when the tenant
 * exists, so its administrators see attempts on their users, else the platform's. The password is
 * never recorded.
 */
async function recordFailedSignIn(
  services: ApiServices,
  attempt: { tenantId: string | null; tenant: string | null; login: string; reason: SignInFailure; address: string | undefined },
): Promise<void> {
  const details = { tenant: attempt.tenant, login: attempt.login, reason: attempt.reason, address: attempt.address ?? null };

  services.logger.warn({ tenantId: attempt.tenantId, ...details }, "sign-in failed");
  await services.db.withPlatform(SIGN_IN_ACTOR, (platform) => platform.audit("session.sign-in-failed", attempt.tenantId, details));
}

async function signInTenantUser(services: ApiServices, input: z.infer<typeof signInSchema> & { tenant: string }, address: string | undefined) {
  const { db } = services;
  const tenant = await db.withPlatform(SIGN_IN_ACTOR, (platform) => findTenantByName(platform, input.tenant));

  if (!tenant) {
    unknownTenantHash ??= hashPassword("unknown tenant");
    await verifyPassword(input.password, await unknownTenantHash);
    await recordFailedSignIn(services, { tenantId: null, tenant: input.tenant, login: input.login, reason: "unknown-tenant", address });
    throw loginFailed();
  }

  // A failure is returned rather than thrown, so that it is recorded outside the rolled-back transaction.
  const outcome = await db.withTenant(tenant.id, async (scope) => {
    const user = await verifyLogin(scope, input.login, input.password);

    if (!user) return "wrong-credentials" as const;
    if (tenant.status === "suspended") return "tenant-suspended" as const;

    const { token, hash } = newTenantToken(tenant.id);
    await createTenantSession(scope, { tokenHash: hash, userId: user.id, expiresAt: new Date(services.now().getTime() + services.sessionTtlMs) });
    return { token, session: readBack(await findTenantSession(scope, hash)) };
  });

  if (typeof outcome === "string") {
    await recordFailedSignIn(services, { tenantId: tenant.id, tenant: input.tenant, login: input.login, reason: outcome, address });
    throw outcome === "tenant-suspended" ? new ApiError(403, "tenant-suspended") : loginFailed();
  }
  return outcome;
}

async function signInPlatformUser(services: ApiServices, input: z.infer<typeof signInSchema>, address: string | undefined) {
  const signedIn = await services.db.withPlatform(SIGN_IN_ACTOR, async (platform) => {
    const user = await verifyPlatformLogin(platform, input.login, input.password);

    if (!user) return undefined;

    const { token, hash } = newPlatformToken();
    await createPlatformSession(platform, { tokenHash: hash, platformUserId: user.id, expiresAt: new Date(services.now().getTime() + services.sessionTtlMs) });
    return { token, session: readBack(await findPlatformSession(platform, hash)) };
  });

  if (signedIn === undefined) {
    await recordFailedSignIn(services, { tenantId: null, tenant: null, login: input.login, reason: "wrong-credentials", address });
    throw loginFailed();
  }
  return signedIn;
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
        const address = request.socket.remoteAddress;
        const signedIn = body.tenant === undefined ? await signInPlatformUser(services, body, address) : await signInTenantUser(services, { ...body, tenant: body.tenant }, address);
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
