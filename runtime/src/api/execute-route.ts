import {
  findPlatformSession,
  findTenantSession,
  openDelegatedSession,
  PLATFORM_ROLE_TENANT_PERMISSIONS,
  type PlatformSession,
  type TenantPermission,
  type TenantSession,
} from "@callflow/db";
import { localizedIssues, type InterfaceLocale } from "@callflow/sdk";
import type { z } from "zod";

import { ApiError, invalidRequest, notFound } from "./api-error.js";
import { readJsonBody } from "./http-json.js";
import type { ApiRoute, Auth, RouteContext, RouteResult } from "./route.js";
import { parseBearerToken } from "./session-token.js";

const SESSION_LOOKUP_ACTOR = { kind: "system", name: "api-session-lookup" } as const;

/** Header in which a platform user names the tenant that a tenant route works in. */
export const TENANT_HEADER = "x-callflow-tenant";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Request state that outlives a failure: the error response needs the caller's locale. */
export interface RequestState {
  locale: InterfaceLocale;
  /** The locale that Accept-Language requests, if it names one. */
  requestedLocale: InterfaceLocale | undefined;
}

/**
 * Describes zod issues in one line, for the `invalid-request` message, and lists them. The line
 * is also written in each Chinese locale, by validating `input` again with that locale's messages.
 */
function describeIssues(where: string, schema: z.ZodType, input: unknown, error: z.ZodError): ApiError {
  const describe = (found: readonly z.core.$ZodIssue[]) => found.map((issue) => ({ path: [where, ...issue.path.map(String)].join("."), message: issue.message }));
  const line = (described: Array<{ path: string; message: string }>) => described.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  const issues = describe(error.issues);
  const localized: Partial<Record<InterfaceLocale, string>> = {};

  for (const [locale, again] of Object.entries(localizedIssues(schema, input))) localized[locale as InterfaceLocale] = line(describe(again));
  return invalidRequest(line(issues), { issues }, localized);
}

/**
 * Parses a request for `route`, authenticates and authorizes it, and runs the handler: in the
 * tenant's transaction for a tenant's user, in an audited platform transaction for a platform
 * user. Throws ApiError for a request that fails any step.
 */
export async function executeRoute(route: ApiRoute, rawParams: Record<string, string>, url: URL, context: Omit<RouteContext, "params" | "query" | "body">, state: RequestState): Promise<RouteResult> {
  const params = route.params ? route.params.safeParse(rawParams) : { success: true as const, data: undefined };

  // An id that cannot exist names no resource. The response is the same 404 as for an id of
  // another tenant, so callers learn nothing from the difference.
  if (!params.success) {
    throw new ApiError(404, "not-found", { entity: route.entity ?? "resource" });
  }

  const rawQuery = Object.fromEntries(url.searchParams);
  const query = route.query ? route.query.safeParse(rawQuery) : { success: true as const, data: undefined };
  if (!query.success) {
    throw describeIssues("query", route.query!, rawQuery, query.error);
  }

  // A request without a well-formed token is rejected before its body is read and parsed.
  if (route.access.kind !== "public" && !parseBearerToken(context.request.headers.authorization)) {
    throw new ApiError(401, "unauthenticated");
  }

  let body: unknown = undefined;
  if (route.body) {
    const rawBody = await readJsonBody(context.request, context.services.maxBodyBytes);
    const parsed = route.body.safeParse(rawBody);

    if (!parsed.success) {
      throw describeIssues("body", route.body, rawBody, parsed.error);
    }
    body = parsed.data;
  }

  const request: RouteContext = { ...context, params: params.data, query: query.data, body };

  if (route.access.kind === "public") {
    return route.handle(request);
  }
  return runAuthenticated(route, request, state);
}

function localeOf(session: TenantSession | PlatformSession, state: RequestState): InterfaceLocale {
  if (session.kind === "platform") {
    return session.user.locale;
  }
  return session.user.locale ?? state.requestedLocale ?? session.tenant.defaultLocale;
}

function authorize(route: ApiRoute, auth: Auth): void {
  const access = route.access;

  if (access.kind === "public" || access.kind === "signed-in") {
    return;
  }
  if (auth.kind === "tenant" && auth.session.tenant.status === "suspended") {
    throw new ApiError(403, "tenant-suspended");
  }

  const granted = access.kind === auth.kind && (auth.session.permissions as string[]).includes(access.permission);
  if (!granted) {
    throw new ApiError(403, "forbidden", { permission: access.permission });
  }
}

/** Returns the tenant id of the X-Callflow-Tenant header, or undefined without the header. */
function chosenTenantId(request: RouteContext["request"]): string | undefined {
  const value = request.headers[TENANT_HEADER];

  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || !UUID.test(value.trim())) {
    throw invalidRequest(`the X-Callflow-Tenant header is ${JSON.stringify(value)}; send the id of one tenant, a UUID`, { field: "X-Callflow-Tenant" });
  }
  return value.trim().toLowerCase();
}

/** Returns the tenant permissions that a platform user's roles grant in a chosen tenant. */
function delegatedPermissions(session: PlatformSession): TenantPermission[] {
  return [...new Set(session.user.roles.flatMap((role) => [...PLATFORM_ROLE_TENANT_PERMISSIONS[role]]))];
}

async function runAuthenticated(route: ApiRoute, request: RouteContext, state: RequestState): Promise<RouteResult> {
  const token = parseBearerToken(request.request.headers.authorization);
  const { db } = request.services;

  if (!token) {
    throw new ApiError(401, "unauthenticated");
  }

  const chosenTenant = chosenTenantId(request.request);

  if (token.kind === "tenant") {
    // A tenant user's requests run in the token's tenant only. A header that names another
    // tenant is rejected, never followed, before any query runs.
    if (chosenTenant !== undefined && chosenTenant !== token.tenantId) {
      throw new ApiError(403, "tenant-mismatch", { tenantId: chosenTenant });
    }

    // One transaction for the lookup and the work: row-level security binds both to the
    // token's tenant, and a session deleted meanwhile cannot do the work.
    return db.withTenant(token.tenantId, async (scope) => {
      const session = await findTenantSession(scope, token.hash);

      if (!session) {
        throw new ApiError(401, "unauthenticated");
      }

      const auth: Auth = { kind: "tenant", session, scope, tokenHash: token.hash };
      state.locale = localeOf(session, state);
      authorize(route, auth);
      return route.handle({ ...request, locale: state.locale, auth });
    });
  }

  const session = await db.withPlatform(SESSION_LOOKUP_ACTOR, (platform) => findPlatformSession(platform, token.hash));
  if (!session) {
    throw new ApiError(401, "unauthenticated");
  }

  state.locale = localeOf(session, state);
  if (route.access.kind === "tenant") {
    return runInChosenTenant(route, request, state, session, chosenTenant, token.hash);
  }
  return db.withPlatform({ kind: "platform-user", id: session.user.id }, async (platform) => {
    const auth: Auth = { kind: "platform", session, platform, tokenHash: token.hash };

    authorize(route, auth);
    return route.handle({ ...request, locale: state.locale, auth });
  });
}

/**
 * Runs a tenant route for a platform user in the tenant named by the X-Callflow-Tenant header,
 * with the tenant permissions of the user's platform roles, as the user's delegate in that
 * tenant. Row-level security binds the work to the chosen tenant as for the tenant's own users.
 */
async function runInChosenTenant(
  route: ApiRoute,
  request: RouteContext,
  state: RequestState,
  session: PlatformSession,
  chosenTenant: string | undefined,
  tokenHash: Buffer,
): Promise<RouteResult> {
  const permissions = delegatedPermissions(session);

  if (chosenTenant === undefined) {
    throw new ApiError(403, "tenant-not-chosen");
  }
  if (route.access.kind === "tenant" && !permissions.includes(route.access.permission)) {
    throw new ApiError(403, "forbidden", { permission: route.access.permission });
  }

  return request.services.db.withTenant(chosenTenant, async (scope) => {
    const { id, login, displayName, locale } = session.user;
    const delegated = await openDelegatedSession(scope, { id, login, displayName, locale }, permissions, session.expiresAt);

    if (!delegated) {
      throw notFound("tenant");
    }

    const auth: Auth = { kind: "tenant", session: delegated, scope, tokenHash, platformUser: { id, login } };
    authorize(route, auth);
    return route.handle({ ...request, locale: state.locale, auth });
  });
}
